#!/usr/bin/env python3
"""Lists the public symbols of the library modules that have no doc comment of their own.

Reads the symbol graphs (`<Module>.symbols.json`, and `<Module>@<Other>.symbols.json` for the
module's extensions of other modules' types) that `swift package dump-symbol-graph` or
`swift build -Xswiftc -emit-symbol-graph` wrote, and checks every public or open symbol of the
named modules: it must carry a doc comment whose first line (the summary) is not blank.

Left out, because no source line of ours declares them:
- synthesized symbols: an identifier with `::SYNTHESIZED::` (a protocol's default implementation
  listed as a member), and symbols without a location (members the compiler derives, such as
  `Equatable`'s `==`, `Hashable`'s `hash(into:)`, `RawRepresentable`'s `init(rawValue:)`);
- symbols located outside `<root>/Sources/`;
- extension blocks (`swift.extension`), which only group the members that are checked.

A doc comment written elsewhere (a protocol requirement's, which the symbol graph repeats on an
implementation unless built with `--skip-inherited-docs`) does not count: it must be in the
symbol's file, above it, with no other declaration in between.

Prints `path:line: kind name` for each symbol without one (the path relative to the root, the
line 1-based) and exits 1 if there is any; exits 2 if a module has no symbol graph.

usage: scripts/check_symbol_docs.py [--root DIR] --module NAME [--module NAME ...] GRAPH_DIR...
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

PUBLIC_ACCESS = {"public", "open"}
SKIPPED_KINDS = {"swift.extension"}
SYNTHESIZED_MARKER = "::SYNTHESIZED::"


@dataclass(frozen=True, order=True)
class Undocumented:
    """A public symbol without a doc comment of its own."""

    path: str
    line: int
    kind: str
    name: str
    module: str

    def render(self) -> str:
        if self.path:
            return f"{self.path}:{self.line}: {self.kind} {self.name}"
        return f"{self.module}: {self.kind} {self.name}"


def module_of(graph_file: Path) -> str:
    """The module whose symbols a graph file holds: `Profiles` for `Profiles@Sketches.symbols.json`."""
    stem = graph_file.name.removesuffix(".symbols.json")
    return stem.split("@", 1)[0]


def graph_files(directories: list[Path], modules: set[str]) -> dict[str, list[Path]]:
    """The symbol graph files of each module, found anywhere below the directories."""
    found: dict[str, list[Path]] = {module: [] for module in modules}
    for directory in directories:
        for path in sorted(directory.rglob("*.symbols.json")):
            module = module_of(path)
            if module in found:
                found[module].append(path)
    return found


def file_path(uri: str) -> Path | None:
    """The local path of a `file://` URI."""
    parsed = urlparse(uri)
    if parsed.scheme not in ("file", ""):
        return None
    return Path(unquote(parsed.path))


def relative_to_sources(path: Path, root: Path) -> str | None:
    """The path relative to the root if it lies under `<root>/Sources/`, else None."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if not relative.parts or relative.parts[0] != "Sources":
        return None
    return relative.as_posix()


# Declaration lines (0-based) of every symbol in the graphs read, by file URI.
DeclarationLines = dict[str, list[int]]


def declaration_lines(graphs: list[dict[str, Any]]) -> DeclarationLines:
    """The line of every located symbol, whatever its access level, by file."""
    lines: DeclarationLines = {}
    for graph in graphs:
        for symbol in graph.get("symbols", []):
            location = symbol.get("location")
            if isinstance(location, dict) and location.get("uri"):
                line = int(location.get("position", {}).get("line", 0))
                lines.setdefault(str(location["uri"]), []).append(line)
    return lines


def has_own_doc_comment(symbol: dict[str, Any], declarations: DeclarationLines | None = None) -> bool:
    """Whether the symbol has a doc comment with a summary line, written at its declaration."""
    doc = symbol.get("docComment")
    if not isinstance(doc, dict):
        return False
    lines = [line for line in doc.get("lines") or [] if isinstance(line, dict)]
    texts = [str(line.get("text", "")) for line in lines]
    if not texts or not texts[0].strip():
        return False
    doc_uri = doc.get("uri")
    location = symbol.get("location")
    if not doc_uri or not isinstance(location, dict) or not location.get("uri"):
        return True
    # An inherited comment points at the declaration that wrote it: another file, or another
    # declaration of this file between the comment and the symbol.
    doc_path = file_path(str(doc_uri))
    symbol_path = file_path(str(location["uri"]))
    if doc_path is not None and symbol_path is not None and doc_path.resolve() != symbol_path.resolve():
        return False
    end = lines[-1].get("range", {}).get("end", {}).get("line")
    if end is None or declarations is None:
        return True
    line = int(location.get("position", {}).get("line", 0))
    if int(end) >= line:
        return False
    return not any(int(end) < other < line for other in declarations.get(str(location["uri"]), []))


def kind_name(symbol: dict[str, Any]) -> str:
    """`func`, `property`, `enum.case`, ... (the identifier without its `swift.` prefix)."""
    identifier = str(symbol.get("kind", {}).get("identifier", "unknown"))
    return identifier.removeprefix("swift.")


def symbol_name(symbol: dict[str, Any]) -> str:
    """The symbol's path: `KLLSketch.update(_:)`."""
    components = symbol.get("pathComponents")
    if isinstance(components, list) and components:
        return ".".join(str(c) for c in components)
    return str(symbol.get("names", {}).get("title", "?"))


def undocumented_in(
    graph: dict[str, Any], module: str, root: Path, declarations: DeclarationLines | None = None
) -> list[Undocumented]:
    """The public symbols of one symbol graph that lack a doc comment of their own."""
    result: list[Undocumented] = []
    for symbol in graph.get("symbols", []):
        if symbol.get("accessLevel") not in PUBLIC_ACCESS:
            continue
        kind = str(symbol.get("kind", {}).get("identifier", ""))
        if kind in SKIPPED_KINDS:
            continue
        precise = str(symbol.get("identifier", {}).get("precise", ""))
        if SYNTHESIZED_MARKER in precise:
            continue
        location = symbol.get("location")
        if not isinstance(location, dict) or not location.get("uri"):
            continue  # compiler-derived: no declaration in the sources
        path = file_path(str(location["uri"]))
        relative = relative_to_sources(path, root) if path is not None else None
        if relative is None:
            continue
        if has_own_doc_comment(symbol, declarations):
            continue
        line = int(location.get("position", {}).get("line", 0)) + 1
        result.append(Undocumented(relative, line, kind_name(symbol), symbol_name(symbol), module))
    return result


def check(directories: list[Path], modules: list[str], root: Path) -> tuple[list[Undocumented], list[str]]:
    """The undocumented symbols of the modules (sorted, each once), and the modules with no graph."""
    files = graph_files(directories, set(modules))
    missing = [module for module in modules if not files[module]]
    graphs = [
        (module, json.loads(path.read_text(encoding="utf-8"))) for module in modules for path in files[module]
    ]
    declarations = declaration_lines([graph for _, graph in graphs])
    found: set[Undocumented] = set()
    for module, graph in graphs:
        found.update(undocumented_in(graph, module, root, declarations))
    return sorted(found), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph_dirs", nargs="+", type=Path, help="directories holding *.symbols.json")
    parser.add_argument("--module", action="append", required=True, dest="modules", help="a module to check")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the package root (default: .)")
    args = parser.parse_args(argv)

    undocumented, missing = check(args.graph_dirs, args.modules, args.root)
    for module in missing:
        print(f"check_symbol_docs: no symbol graph for module {module}", file=sys.stderr)
    for symbol in undocumented:
        print(symbol.render())
    if missing:
        return 2
    if undocumented:
        print(f"check_symbol_docs: {len(undocumented)} public symbols without a doc comment", file=sys.stderr)
        return 1
    print(f"check_symbol_docs: every public symbol of {', '.join(args.modules)} has a doc comment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
