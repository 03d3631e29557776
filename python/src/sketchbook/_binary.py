"""Finding the native `profile` binary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import ProfileBinaryNotFound

#: The environment variable that names the binary; it wins over everything else.
ENVIRONMENT_VARIABLE = "SKETCHBOOK_PROFILE"

_BUNDLED = Path(__file__).resolve().parent / "_bin" / "profile"


def find_profile_binary(explicit: str | os.PathLike[str] | None = None) -> str:
    """The path of the `profile` binary to run.

    Looked up in this order: `explicit` (an argument), the `SKETCHBOOK_PROFILE` environment
    variable, `profile` on the PATH, and a copy bundled in the wheel (built with
    `SKETCHBOOK_BUNDLE_PROFILE`).

    Raises:
        ProfileBinaryNotFound: none of them names an executable file; the message says where it
            looked and how to install one.
    """
    tried: list[str] = []
    for label, candidate in (("argument", explicit), (ENVIRONMENT_VARIABLE, os.environ.get(ENVIRONMENT_VARIABLE))):
        if candidate:
            path = Path(candidate)
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
            tried.append(f"{label} {str(candidate)!r} is not an executable file")
            # An explicit choice that does not work is an error, not a reason to run another binary.
            raise ProfileBinaryNotFound("; ".join(tried))
    on_path = shutil.which("profile")
    if on_path:
        return on_path
    tried.append("no 'profile' on the PATH")
    if _BUNDLED.is_file() and os.access(_BUNDLED, os.X_OK):
        return str(_BUNDLED)
    tried.append("no binary bundled in the package")
    raise ProfileBinaryNotFound(
        "; ".join(tried)
        + f". Install Sketchbook's `profile` (scripts/install.sh) or set {ENVIRONMENT_VARIABLE} to its path."
    )
