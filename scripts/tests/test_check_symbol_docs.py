"""Tests of scripts/check_symbol_docs.py, on small hand-made symbol graphs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from check_symbol_docs import check, main, module_of  # noqa: E402


def symbol(
    root: Path,
    name: list[str],
    kind: str = "swift.func",
    access: str = "public",
    file: str = "Sources/Widgets/Widget.swift",
    line: int | None = 9,
    doc: list[str] | None = None,
    doc_file: str | None = None,
    doc_line: int | None = None,
    precise: str | None = None,
) -> dict[str, Any]:
    """One symbol as swift-symbolgraph-extract writes it (the fields the checker reads); lines are
    0-based, and the doc comment ends on the line above the symbol unless `doc_line` says where."""
    value: dict[str, Any] = {
        "kind": {"identifier": kind, "displayName": kind},
        "identifier": {"precise": precise or "s:7Widgets" + "".join(name), "interfaceLanguage": "swift"},
        "pathComponents": name,
        "names": {"title": name[-1]},
        "accessLevel": access,
    }
    if line is not None:
        value["location"] = {"uri": (root / file).as_uri(), "position": {"line": line, "character": 4}}
    if doc is not None:
        last = doc_line if doc_line is not None else (line or 1) - 1
        first = last - len(doc) + 1
        value["docComment"] = {
            "uri": (root / (doc_file or file)).as_uri(),
            "module": "Widgets",
            "lines": [
                {
                    "range": {"start": {"line": first + i, "character": 8}, "end": {"line": first + i, "character": 40}},
                    "text": text,
                }
                for i, text in enumerate(doc)
            ],
        }
    return value


def write_graph(directory: Path, file_name: str, symbols: list[dict[str, Any]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    graph = {
        "metadata": {"formatVersion": {"major": 0, "minor": 6, "patch": 0}},
        "module": {"name": file_name.split("@")[0].removesuffix(".symbols.json")},
        "symbols": symbols,
        "relationships": [],
    }
    (directory / file_name).write_text(json.dumps(graph), encoding="utf-8")


def rendered(directory: Path, root: Path, modules: list[str]) -> list[str]:
    undocumented, _ = check([directory], modules, root)
    return [item.render() for item in undocumented]


def test_module_of_names_the_extending_module() -> None:
    assert module_of(Path("Widgets.symbols.json")) == "Widgets"
    assert module_of(Path("Widgets@Swift.symbols.json")) == "Widgets"


def test_documented_symbols_pass(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    write_graph(
        graphs,
        "Widgets.symbols.json",
        [
            symbol(tmp_path, ["Widget"], kind="swift.struct", doc=["A widget."]),
            symbol(tmp_path, ["Widget", "spin()"], doc=["Spins the widget.", "", "- Complexity: O(1)."]),
        ],
    )
    assert rendered(graphs, tmp_path, ["Widgets"]) == []
    assert main([str(graphs), "--module", "Widgets", "--root", str(tmp_path)]) == 0


def test_undocumented_symbols_are_listed_with_path_line_kind_and_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graphs = tmp_path / "graphs"
    write_graph(
        graphs,
        "Widgets.symbols.json",
        [
            symbol(tmp_path, ["Widget"], kind="swift.struct", line=4, doc=["A widget."]),
            symbol(tmp_path, ["Widget", "spin()"], line=9),
            symbol(tmp_path, ["Widget", "Colour", "red"], kind="swift.enum.case", line=20, doc=[""]),
            symbol(tmp_path, ["Widget", "size"], kind="swift.property", access="open", line=30, doc=["   "]),
        ],
    )
    assert rendered(graphs, tmp_path, ["Widgets"]) == [
        "Sources/Widgets/Widget.swift:10: func Widget.spin()",
        "Sources/Widgets/Widget.swift:21: enum.case Widget.Colour.red",
        "Sources/Widgets/Widget.swift:31: property Widget.size",
    ]
    assert main([str(graphs), "--module", "Widgets", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Sources/Widgets/Widget.swift:10: func Widget.spin()" in out


def test_non_public_synthesized_and_outside_symbols_are_ignored(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    write_graph(
        graphs,
        "Widgets.symbols.json",
        [
            symbol(tmp_path, ["Widget", "helper()"], access="internal"),
            symbol(tmp_path, ["Widget", "shared()"], access="package"),
            # A protocol's default implementation listed as a member of the conforming type.
            symbol(tmp_path, ["Widget", "!=(_:_:)"], precise="s:SQsE2neoiySbx_xtFZ::SYNTHESIZED::s:7Widgets6WidgetV"),
            # Derived by the compiler (Equatable's ==, Hashable's hash(into:)): no location.
            symbol(tmp_path, ["Widget", "hash(into:)"], line=None),
            # Declared in a file outside Sources/ (a generated or a dependency's file).
            symbol(tmp_path, ["Widget", "generated()"], file=".build/checkouts/x/Generated.swift"),
            symbol(tmp_path, ["Widget"], kind="swift.extension"),
        ],
    )
    assert rendered(graphs, tmp_path, ["Widgets"]) == []


def test_an_inherited_doc_comment_does_not_count(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    write_graph(
        graphs,
        "Widgets.symbols.json",
        [
            symbol(
                tmp_path,
                ["Widget", "description"],
                kind="swift.property",
                line=40,
                doc=["A textual representation of this instance."],
                doc_file="Sources/Widgets/Describing.swift",
            ),
        ],
    )
    assert rendered(graphs, tmp_path, ["Widgets"]) == ["Sources/Widgets/Widget.swift:41: property Widget.description"]


def test_an_inherited_doc_comment_from_the_same_file_does_not_count(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    requirement = symbol(tmp_path, ["Spinning", "spin()"], line=8, doc=["Spins."])
    # The conforming type's method repeats the requirement's comment (lines 7–7, file the same).
    implementation = symbol(tmp_path, ["Widget", "spin()"], line=16, doc=["Spins."], doc_line=7)
    write_graph(graphs, "Widgets.symbols.json", [requirement, implementation])
    assert rendered(graphs, tmp_path, ["Widgets"]) == ["Sources/Widgets/Widget.swift:17: func Widget.spin()"]


def test_a_doc_comment_above_attributes_and_plain_comments_counts(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    # `/// Merges.`, then `// why it is specialized`, `@_specialize(...)` lines, then the method.
    merge = symbol(tmp_path, ["Widget", "merge(_:)"], line=30, doc=["Merges."], doc_line=24)
    write_graph(graphs, "Widgets.symbols.json", [symbol(tmp_path, ["Widget"], kind="swift.struct", line=3, doc=["A widget."]), merge])
    assert rendered(graphs, tmp_path, ["Widgets"]) == []


def test_extension_graphs_count_and_other_modules_do_not(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    write_graph(
        graphs,
        "Widgets@Swift.symbols.json",
        [symbol(tmp_path, ["Int", "widgetCount"], kind="swift.property", file="Sources/Widgets/Int+Widgets.swift")],
    )
    write_graph(
        graphs / "nested",
        "Gadgets.symbols.json",
        [symbol(tmp_path, ["Gadget"], kind="swift.struct", file="Sources/Gadgets/Gadget.swift")],
    )
    assert rendered(graphs, tmp_path, ["Widgets"]) == ["Sources/Widgets/Int+Widgets.swift:10: property Int.widgetCount"]
    assert rendered(graphs, tmp_path, ["Widgets", "Gadgets"]) == [
        "Sources/Gadgets/Gadget.swift:10: struct Gadget",
        "Sources/Widgets/Int+Widgets.swift:10: property Int.widgetCount",
    ]


def test_a_symbol_in_two_graphs_is_listed_once(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    undocumented = symbol(tmp_path, ["Widget", "spin()"])
    write_graph(graphs / "a", "Widgets.symbols.json", [undocumented])
    write_graph(graphs / "b", "Widgets.symbols.json", [undocumented])
    assert rendered(graphs, tmp_path, ["Widgets"]) == ["Sources/Widgets/Widget.swift:10: func Widget.spin()"]


def test_a_module_without_a_graph_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graphs = tmp_path / "graphs"
    write_graph(graphs, "Widgets.symbols.json", [])
    assert main([str(graphs), "--module", "Widgets", "--module", "Gadgets", "--root", str(tmp_path)]) == 2
    assert "no symbol graph for module Gadgets" in capsys.readouterr().err
