#!/usr/bin/env python3
"""Checks that the code's citations of the format notes, and the Markdown links, resolve.

1. Citations. Code comments cite sections of the project's format notes as "spec §3.4" (also
   "spec §3.2–3.4", "spec §1.4, §2.4, §11", "spec section 2.7", "spec 10.1.3"), and a line that
   mentions "format notes" cites every "§N" on it. Which document a citation means follows from
   the file's path (PATH_RULES; docs/formats/README.md states the rule); a line that names a
   document (`datasketches.md`, `whylogs-format.md`, ...) means that one. Each cited section must
   have a numbered heading ("### 3.4 Merge", "## 3. Merge semantics") in that document.
2. Links. Every relative link in README.md and docs/**/*.md must point at an existing file or
   folder, and a `#anchor` into a Markdown file (or into the same file) must match one of its
   headings under GitHub's slug rules.

Prints `path:line: problem` for each failure and exits 1 if there was any.

usage: scripts/check_doc_references.py [--root DIR] [--list]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

WHYLOGS_NOTES = "docs/formats/whylogs.md"
DATASKETCHES_NOTES = "docs/formats/datasketches.md"
ARROW_NOTES = "docs/formats/arrow.md"

# Path prefix → the notes "spec §N" means there. The first matching prefix wins.
PATH_RULES: list[tuple[str, str]] = [
    ("Sources/ProfileArrow/", ARROW_NOTES),
    ("Tests/ProfileArrowTests/", ARROW_NOTES),
    ("fixtures/arrow/", ARROW_NOTES),
    ("Sources/Sketches/", DATASKETCHES_NOTES),
    ("Tests/SketchesTests/", DATASKETCHES_NOTES),
    ("fixtures/datasketches/", DATASKETCHES_NOTES),
    ("Sources/Profiles/", WHYLOGS_NOTES),
    ("Sources/ProfileImages/", WHYLOGS_NOTES),
    ("Sources/ProfileCSV/", WHYLOGS_NOTES),
    ("Tests/ProfilesTests/", WHYLOGS_NOTES),
    ("Tests/ProfileImagesTests/", WHYLOGS_NOTES),
    ("Tests/ProfileCSVTests/", WHYLOGS_NOTES),
    ("Tests/ProfileCLITests/", WHYLOGS_NOTES),
    ("proto/", WHYLOGS_NOTES),
    ("fixtures/whylogs/", WHYLOGS_NOTES),
]

# A document named on the line overrides the path rule (the shared notes' old names included).
NAMED_DOCUMENTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"datasketches(?:-formats)?\.md"), DATASKETCHES_NOTES),
    (re.compile(r"whylogs(?:-format)?\.md"), WHYLOGS_NOTES),
    (re.compile(r"(?<![\w-])arrow\.md"), ARROW_NOTES),
]

# Where citations are looked for, and which files.
SCAN_ROOTS = ["Sources", "Tests", "proto", "scripts", "fixtures", "Fuzz", "Benchmarks", "bench"]
SCAN_SUFFIXES = {".swift", ".py", ".proto", ".sh", ".md", ".c", ".h"}
# This checker and its tests talk about citations without making any.
SKIPPED_FILES = {"scripts/check_doc_references.py", "scripts/tests/test_check_doc_references.py"}

SECTION = r"\d+(?:\.\d+)*"
SECTION_SIGN = "\u00a7"
# "spec §3.4", "spec section 2.7", "spec sections 1.2", "spec 10.1.3" (a bare number needs a dot).
ANCHOR = re.compile(
    rf"\bspec\s*(?:{SECTION_SIGN}\s*(?={SECTION})|sections?\s+{SECTION_SIGN}?\s*(?={SECTION})|(?=\d+\.\d))",
    re.IGNORECASE,
)
FORMAT_NOTES = re.compile(r"\bformat notes\b", re.IGNORECASE)
# A section reference after an anchor or a section sign, with an optional range end.
REFERENCE = re.compile(rf"({SECTION})(?:\s*[\u2013\u2014-]\s*({SECTION}))?")
SECTION_REFERENCE = re.compile(rf"{SECTION_SIGN}\s*({SECTION})(?:\s*[\u2013\u2014-]\s*({SECTION}))?")
# A line ending in "spec" or "format notes" continues its citation on the next line.
DANGLING = re.compile(r"(?:\bspec|\bformat notes)[\s(,:]*$", re.IGNORECASE)

NUMBERED_HEADING = re.compile(rf"^({SECTION})\.?(?:\s|$)")


@dataclass(frozen=True)
class Citation:
    """One cited section: where it is cited, and the notes it refers to."""

    path: str
    line: int
    section: str
    document: str | None


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def document_for(path: str) -> str | None:
    """The notes "spec §N" means in the file at `path` (relative, with `/`), or None."""
    for prefix, document in PATH_RULES:
        if path.startswith(prefix):
            return document
    return None


def expand(first: str, last: str | None) -> list[str]:
    """The sections of a reference: `3.2`–`3.4` is 3.2, 3.3, 3.4; `3.2`–`4` is just its ends."""
    if last is None:
        return [first]
    a, b = first.split("."), last.split(".")
    if len(a) == len(b) and a[:-1] == b[:-1] and int(a[-1]) <= int(b[-1]):
        stem = ".".join(a[:-1])
        return [f"{stem}.{i}" if stem else str(i) for i in range(int(a[-1]), int(b[-1]) + 1)]
    return [first, last]


def sections_in_line(text: str, anchored: bool) -> list[str]:
    """The sections a line cites. `anchored`: the previous line ended in "spec"/"format notes"."""
    found: list[str] = []
    spans: set[int] = set()
    anchor = ANCHOR.search(text)
    if anchor is not None:
        reference = REFERENCE.match(text, anchor.end())
        if reference is not None:
            found += expand(reference.group(1), reference.group(2))
            spans.add(reference.start())
    if anchor is not None or anchored or FORMAT_NOTES.search(text):
        for match in SECTION_REFERENCE.finditer(text):
            if match.start(1) not in spans:
                found += expand(match.group(1), match.group(2))
    return list(dict.fromkeys(found))


def citations_in(path: str, text: str) -> list[Citation]:
    """Every citation in a file's text, by the path rule (or a document the line names)."""
    default = document_for(path)
    result: list[Citation] = []
    anchored = False
    for number, line in enumerate(text.splitlines(), start=1):
        document = default
        names_document = False
        for pattern, named in NAMED_DOCUMENTS:
            if pattern.search(line):
                document = named
                names_document = True
        for section in sections_in_line(line, anchored or names_document):
            result.append(Citation(path, number, section, document))
        anchored = DANGLING.search(line) is not None
    return result


def without_fences(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, line) for the lines outside fenced code blocks."""
    kept: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is None and marker is not None and len(line) - len(stripped) < 4:
            fence = marker.group(1)
            continue
        if fence is not None:
            if stripped.startswith(fence[0] * len(fence)) and stripped.strip(fence[0]).strip() == "":
                fence = None
            continue
        kept.append((number, line))
    return kept


def headings(text: str) -> list[str]:
    """The text of every heading (ATX and setext) outside fenced code, in order."""
    result: list[str] = []
    previous = ""
    for _, line in without_fences(text.splitlines()):
        atx = re.match(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$", line)
        if atx is not None:
            content = re.sub(r"[ \t]+#+$", "", atx.group(2) or "")
            content = "" if re.fullmatch(r"#+", content) else content
            result.append(content.strip())
            previous = ""
            continue
        if re.match(r" {0,3}(=+|-+)[ \t]*$", line) and previous.strip() and not _is_block_start(previous):
            result.append(previous.strip())
            previous = ""
            continue
        previous = line
    return result


def _is_block_start(line: str) -> bool:
    """Whether a line is a list item, quote, table row or heading (no setext heading above it)."""
    return re.match(r" {0,3}([-*+>|#]|\d+[.)])", line) is not None


def numbered_sections(text: str) -> set[str]:
    """The section numbers of a document's headings: `### 3.4 Merge` gives 3.4."""
    result: set[str] = set()
    for heading in headings(text):
        match = NUMBERED_HEADING.match(heading)
        if match is not None:
            result.add(match.group(1))
    return result


def rendered_heading_text(heading: str) -> str:
    """A heading's text as GitHub renders it: links and images as their text, code unquoted,
    emphasis and HTML tags dropped."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    parts = re.split(r"(`+)(.*?)\1", text)
    out: list[str] = []
    # re.split with two groups yields: text, ticks, code, text, ticks, code, ...
    for index in range(0, len(parts), 3):
        prose = re.sub(r"<[^>]+>", "", parts[index])
        prose = prose.replace("*", "")
        prose = re.sub(r"(?<![0-9A-Za-z])_+|_+(?![0-9A-Za-z])", "", prose)
        out.append(prose)
        if index + 2 < len(parts):
            out.append(parts[index + 2])
    return "".join(out)


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger): lower case, only letters, marks, numbers,
    connector punctuation, spaces and hyphens kept, spaces made hyphens."""
    text = rendered_heading_text(heading).strip().lower()
    kept = [ch for ch in text if ch in " -" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"]
    return "".join(kept).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor of a Markdown document: heading slugs (repeats get -1, -2, ...) and HTML ids."""
    result: set[str] = set()
    seen: dict[str, int] = {}
    for heading in headings(text):
        slug = github_slug(heading)
        if slug in seen:
            seen[slug] += 1
            candidate = f"{slug}-{seen[slug]}"
            while candidate in seen:
                seen[slug] += 1
                candidate = f"{slug}-{seen[slug]}"
            seen[candidate] = 0
            result.add(candidate)
        else:
            seen[slug] = 0
            result.add(slug)
    for match in re.finditer(r"<a\s[^>]*\b(?:name|id)\s*=\s*[\"']([^\"']+)[\"']", text, re.IGNORECASE):
        result.add(match.group(1))
    return result


INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def links_in(text: str) -> list[tuple[int, str]]:
    """(line, target) of every inline link, image and reference definition outside code."""
    result: list[tuple[int, str]] = []
    for number, line in without_fences(text.splitlines()):
        prose = re.sub(r"(`+).*?\1", lambda m: " " * len(m.group(0)), line)
        definition = REFERENCE_DEFINITION.match(prose)
        if definition is not None:
            result.append((number, definition.group(1).strip("<>")))
            continue
        for match in INLINE_LINK.finditer(prose):
            result.append((number, match.group(1).strip("<>")))
    return result


def check_links(root: Path, document: Path) -> list[Problem]:
    """The broken relative links of one Markdown file."""
    problems: list[Problem] = []
    relative = document.relative_to(root).as_posix()
    text = document.read_text(encoding="utf-8")
    for line, target in links_in(text):
        if SCHEME.match(target) or target.startswith("//"):
            continue
        path_part, _, fragment = target.partition("#")
        path_part = unquote(path_part)
        if path_part:
            base = root if path_part.startswith("/") else document.parent
            resolved = (base / path_part.lstrip("/")).resolve()
        else:
            resolved = document.resolve()
        if not resolved.exists():
            problems.append(Problem(relative, line, f"link target {target!r} does not exist"))
            continue
        try:
            resolved.relative_to(root.resolve())
        except ValueError:
            problems.append(Problem(relative, line, f"link target {target!r} is outside the repository"))
            continue
        if fragment and resolved.is_file() and resolved.suffix.lower() == ".md":
            wanted = unquote(fragment)
            if wanted not in anchors(resolved.read_text(encoding="utf-8")):
                problems.append(
                    Problem(relative, line, f"link {target!r}: no heading with anchor #{wanted} in that file")
                )
    return problems


def code_files(root: Path) -> list[Path]:
    """The files under SCAN_ROOTS that git tracks (caches and virtualenvs in ignored folders are
    not the project's); every file under them when `root` is not a git checkout (the tests)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True)
    tracked = set(listing.stdout.split("\0")) if listing.returncode == 0 else None
    files: list[Path] = []
    for name in SCAN_ROOTS:
        folder = root / name
        if folder.is_dir():
            files += [
                p
                for p in folder.rglob("*")
                if p.is_file()
                and p.suffix in SCAN_SUFFIXES
                and (tracked is None or p.relative_to(root).as_posix() in tracked)
            ]
    return sorted(files)


def check_citations(root: Path, citations: list[Citation]) -> list[Problem]:
    problems: list[Problem] = []
    sections: dict[str, set[str] | None] = {}
    for citation in citations:
        if citation.document is None:
            problems.append(
                Problem(
                    citation.path,
                    citation.line,
                    f"cites {SECTION_SIGN}{citation.section}, but no format notes are mapped for this path "
                    "(scripts/check_doc_references.py PATH_RULES; or name the document on the line)",
                )
            )
            continue
        if citation.document not in sections:
            notes = root / citation.document
            sections[citation.document] = (
                numbered_sections(notes.read_text(encoding="utf-8")) if notes.is_file() else None
            )
        known = sections[citation.document]
        if known is None:
            problems.append(Problem(citation.path, citation.line, f"{citation.document} does not exist"))
        elif citation.section not in known:
            problems.append(
                Problem(
                    citation.path,
                    citation.line,
                    f"cites {SECTION_SIGN}{citation.section}, which has no heading in {citation.document}",
                )
            )
    return problems


def all_citations(root: Path) -> list[Citation]:
    citations: list[Citation] = []
    for file in code_files(root):
        relative = file.relative_to(root).as_posix()
        if relative in SKIPPED_FILES:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        citations += citations_in(relative, text)
    return citations


def markdown_files(root: Path) -> list[Path]:
    files = [root / "README.md"] if (root / "README.md").is_file() else []
    docs = root / "docs"
    if docs.is_dir():
        files += sorted(docs.rglob("*.md"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--list", action="store_true", help="print every citation and the notes it resolves to")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    citations = all_citations(root)
    if arguments.list:
        for citation in citations:
            print(f"{citation.path}:{citation.line}: {SECTION_SIGN}{citation.section} -> {citation.document}")
    problems = check_citations(root, citations)
    for document in markdown_files(root):
        problems += check_links(root, document)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{len(citations)} citations and the links of {len(markdown_files(root))} Markdown files resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
