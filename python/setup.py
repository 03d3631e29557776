"""Build hook: bundle a `profile` binary into the wheel when one is named.

`SKETCHBOOK_BUNDLE_PROFILE=/path/to/profile pip wheel ./python` copies that binary into the package
as `sketchbook/_bin/profile`, the last place `sketchbook` looks for it (after `SKETCHBOOK_PROFILE`
and the PATH). Without the variable the wheel is pure Python and finds an installed binary.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py


class BuildWithOptionalBinary(build_py):
    """`build_py` that also copies `$SKETCHBOOK_BUNDLE_PROFILE` into `sketchbook/_bin/`."""

    def run(self) -> None:
        super().run()
        source = os.environ.get("SKETCHBOOK_BUNDLE_PROFILE")
        if not source:
            return
        binary = Path(source)
        if not binary.is_file() or not os.access(binary, os.X_OK):
            raise SystemExit(f"SKETCHBOOK_BUNDLE_PROFILE={source}: not an executable file")
        target = Path(self.build_lib) / "sketchbook" / "_bin" / "profile"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(binary, target)
        target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


class BinaryDistribution(Distribution):
    """A distribution tagged for one platform: a bundled binary runs on one OS and architecture."""

    def has_ext_modules(self) -> bool:
        return True


if os.environ.get("SKETCHBOOK_BUNDLE_PROFILE"):
    setup(cmdclass={"build_py": BuildWithOptionalBinary}, distclass=BinaryDistribution)
else:
    setup(cmdclass={"build_py": BuildWithOptionalBinary})
