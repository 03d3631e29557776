"""Tests of scripts/check_doc_references.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from check_doc_references import (  # noqa: E402
    DATASKETCHES_NOTES,
    WHYLOGS_NOTES,
    anchors,
    citations_in,
    document_for,
    expand,
    github_slug,
    links_in,
    main,
    numbered_sections,
)

# Written with escapes so that this file makes no citation itself.
S = "\u00a7"


def sections(path: str, text: str) -> list[tuple[int, str, str | None]]:
    return [(c.line, c.section, c.document) for c in citations_in(path, text)]


def test_the_path_rule_picks_the_notes() -> None:
    assert document_for("Sources/Sketches/KLL/KLLSketch.swift") == DATASKETCHES_NOTES
    assert document_for("Tests/SketchesTests/HLL/HLLTests.swift") == DATASKETCHES_NOTES
    assert document_for("fixtures/datasketches/make_hll_fixtures.py") == DATASKETCHES_NOTES
    assert document_for("Sources/Profiles/DatasetProfile.swift") == WHYLOGS_NOTES
    assert document_for("Tests/ProfilesTests/FormatTests.swift") == WHYLOGS_NOTES
    assert document_for("Tests/ProfileCLITests/SketchCommandTests.swift") == WHYLOGS_NOTES
    assert document_for("proto/whylogs_messages.proto") == WHYLOGS_NOTES
    assert document_for("Sources/profile-cli/main.swift") is None


def test_citation_forms() -> None:
    path = "Sources/Sketches/KLL/X.swift"
    assert sections(path, f"/// Merges (spec {S}3.4).") == [(1, "3.4", DATASKETCHES_NOTES)]
    assert [s for _, s, _ in sections(path, f"/// (spec {S}3.2\u20133.4).")] == ["3.2", "3.3", "3.4"]
    assert [s for _, s, _ in sections(path, f"// (spec {S}1.4, {S}2.4, {S}11): x")] == ["1.4", "2.4", "11"]
    assert [s for _, s, _ in sections(path, f"// spec {S}1.2 and {S}1.5.")] == ["1.2", "1.5"]
    assert [s for _, s, _ in sections(path, "# following spec section 1.2.")] == ["1.2"]
    assert [s for _, s, _ in sections(path, "# in place (spec 10.1.3).")] == ["10.1.3"]
    assert [s for _, s, _ in sections(path, f"// the project's format notes, {S}1.3).")] == ["1.3"]


def test_lines_without_an_anchor_cite_nothing() -> None:
    path = "Sources/Sketches/KLL/X.swift"
    assert sections(path, f"// see {S}3.4 of the C++ standard") == []
    assert sections(path, "// the spec says levels[0] is the first offset") == []
    assert sections(path, "// spec 2 items") == []


def test_a_citation_may_continue_on_the_next_line() -> None:
    text = f"/// as the format notes\n/// ({S}1.7) say\n/// ({S}9) unrelated\n"
    assert sections("proto/a.proto", text) == [(2, "1.7", WHYLOGS_NOTES)]


def test_a_named_document_overrides_the_path_rule() -> None:
    line = f"// builds may differ (datasketches.md {S}4.4)."
    assert sections("Tests/ProfileCLITests/A.swift", line) == [(1, "4.4", DATASKETCHES_NOTES)]
    assert sections("bench/run.sh", f"# (specs: datasketches-formats.md {S}7)") == [(1, "7", DATASKETCHES_NOTES)]


def test_ranges() -> None:
    assert expand("3.2", "3.4") == ["3.2", "3.3", "3.4"]
    assert expand("3", "5") == ["3", "4", "5"]
    assert expand("3.2", "4") == ["3.2", "4"]
    assert expand("1.4", None) == ["1.4"]


def test_numbered_headings() -> None:
    text = (
        "# Title\n## 3. Merge\n### 3.4 Merge (a.merge(b))\n#### 10.1.3 Side effect\n"
        "```\n## 9.9 in code\n```\n## Notes 2\n"
    )
    assert numbered_sections(text) == {"3", "3.4", "10.1.3"}


def test_github_slugs() -> None:
    assert github_slug("3.4 Merge (`a.merge(b)`)") == "34-merge-amergeb"
    assert github_slug("Drift verdicts on real tables: false alarms and power") == (
        "drift-verdicts-on-real-tables-false-alarms-and-power"
    )
    assert github_slug("3.6 The whylogs-sketching fork's layout") == "36-the-whylogs-sketching-forks-layout"
    assert github_slug("`kll_sketch` and *emphasis* and _under_") == "kll_sketch-and-emphasis-and-under"
    assert github_slug("[Link](x.md) text") == "link-text"
    assert github_slug("Über § caf\u00e9") == "über--café"


def test_repeated_headings_get_numbered_anchors() -> None:
    text = "## Usage\n## Usage\nSetext\n------\n"
    assert anchors(text) == {"usage", "usage-1", "setext"}


def test_links_outside_code_only() -> None:
    text = 'see [a](a.md#x) and `[b](b.md)`\n```\n[c](c.md)\n```\n[d]: d.md\n![img](i.png "t")\n'
    assert links_in(text) == [(1, "a.md#x"), (5, "d.md"), (6, "i.png")]


def make_repository(root: Path, readme: str, citation_line: str) -> None:
    (root / "docs" / "formats").mkdir(parents=True)
    (root / "docs" / "formats" / "datasketches.md").write_text("# Notes\n## 3. KLL\n### 3.4 Merge\n")
    (root / "docs" / "formats" / "whylogs.md").write_text("# Notes\n## 1. File\n### 1.3 Messages\n")
    (root / "Sources" / "Sketches").mkdir(parents=True)
    (root / "Sources" / "Sketches" / "K.swift").write_text(f"// one\n{citation_line}\n")
    (root / "README.md").write_text(readme)


def test_a_clean_repository_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = "[notes](docs/formats/datasketches.md#34-merge)\n[top](#title)\n# Title\n"
    make_repository(tmp_path, readme, f"// spec {S}3.4")
    assert main(["--root", str(tmp_path)]) == 0


def test_failures_name_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = "# Title\n[gone](docs/missing.md)\n[anchor](docs/formats/whylogs.md#nope)\n[web](https://example.com/x)\n"
    make_repository(tmp_path, readme, f"// spec {S}3.9 and {S}1.3")
    assert main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"Sources/Sketches/K.swift:2: cites {S}3.9, which has no heading in docs/formats/datasketches.md" in out
    assert f"K.swift:2: cites {S}1.3" in out
    assert "README.md:2: link target 'docs/missing.md' does not exist" in out
    assert "README.md:3: link 'docs/formats/whylogs.md#nope': no heading with anchor #nope" in out
    assert "example.com" not in out


def test_a_citation_where_no_notes_are_mapped_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repository(tmp_path, "# Title\n", "// nothing")
    (tmp_path / "Sources" / "cli").mkdir()
    (tmp_path / "Sources" / "cli" / "main.swift").write_text(f"// spec {S}3.4\n")
    assert main(["--root", str(tmp_path)]) == 1
    assert "Sources/cli/main.swift:1: cites" in capsys.readouterr().out
