#!/usr/bin/env python3
"""The whylogs anchor, as a whylogs user profiles a CSV: pandas.read_csv, why.log, write the profile."""
import sys

import pandas as pd
import whylogs as why

frame = pd.read_csv(sys.argv[1])
why.log(frame).view().write(sys.argv[2])
