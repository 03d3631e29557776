#!/usr/bin/env python3
"""Writes the scripted monitoring story: 30 days of segmented daily profiles from the wine data.

Usage: python3 scripts/story/make_story.py --out DIR [--profile PATH] [--days 30] [--seed N]

Standard library only. Each day is a CSV of 350-450 rows drawn (seeded) from the red wines of
fixtures/wine-quality/, with two columns added: ``region`` (north, south, east or west, uniformly)
and ``batch_temperature`` (normal, mean 12, sd 1, two decimals). Then the story:

- days 1-19: nothing happens;
- from day 20: a third of each day's rows are white wines instead (the chemistry drifts overall
  and in every region);
- from day 25: in region ``east`` alone, ``batch_temperature`` moves to mean 15 (a slice drifting
  on its own: the other regions and the chemistry are as before).

Each day is profiled with ``profile csv DAY.csv --segment-by region --dataset-timestamp DATE
-o DIR/profiles/DATE`` (the whole day's ``profile.bin`` and one file per region). The first seven
days merged (``profile merge``) are the baseline, in ``DIR/baseline``.

Days are 2026-11-01 onward (UTC). The same seed writes the same CSV files.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REGIONS = ["north", "south", "east", "west"]
WHITE_FROM_DAY = 20
EAST_FROM_DAY = 25
WHITE_SHARE = 1 / 3


def read_wines(name):
    with open(os.path.join(ROOT, "fixtures", "wine-quality", name), newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    return rows[0], rows[1:]


def day_rows(day, rng, red, white):
    rows = []
    for _ in range(rng.randint(350, 450)):
        wine = rng.choice(white) if day >= WHITE_FROM_DAY and rng.random() < WHITE_SHARE else rng.choice(red)
        region = rng.choice(REGIONS)
        temperature = rng.gauss(15.0 if day >= EAST_FROM_DAY and region == "east" else 12.0, 1.0)
        rows.append(wine + [region, f"{temperature:.2f}"])
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the story's directory (csv/, profiles/, baseline/)")
    parser.add_argument("--profile", default=os.path.join(ROOT, ".build", "debug", "profile"),
                        help="the profile binary (default: the debug build)")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20261208)
    args = parser.parse_args()
    header, red = read_wines("winequality-red.csv")
    white_header, white = read_wines("winequality-white.csv")
    assert header == white_header, "the red and white files have the same columns"
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "csv"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "profiles"), exist_ok=True)
    start = datetime.date(2026, 11, 1)
    for day in range(1, args.days + 1):
        date = (start + datetime.timedelta(days=day - 1)).isoformat()
        path = os.path.join(args.out, "csv", f"{date}.csv")
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header + ["region", "batch_temperature"])
            writer.writerows(day_rows(day, rng, red, white))
        subprocess.run([args.profile, "csv", path, "--segment-by", "region", "--dataset-timestamp", date,
                        "-o", os.path.join(args.out, "profiles", date), "--quiet"], check=True)
    first_week = [os.path.join(args.out, "profiles", (start + datetime.timedelta(days=d)).isoformat())
                  for d in range(7)]
    subprocess.run([args.profile, "merge", *first_week, "-o", os.path.join(args.out, "baseline"), "--quiet"],
                   check=True)
    print(f"{args.days} days of profiles in {os.path.join(args.out, 'profiles')}; baseline (days 1-7) in "
          f"{os.path.join(args.out, 'baseline')}")


if __name__ == "__main__":
    main()
