"""The documentation is readable from a clone, offline: every link in every tracked
Markdown file goes to a tracked file of this repository (and, with `#anchor`, to one of its
headings), none goes to the web, and nothing points outside the repository to `../shared`
(the contract is docs/contract.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]

#: Files that still name the old, outside contract and belong to another change (the
#: helper's package docstring); each is to be fixed there, none may be added.

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
BARE_URL = re.compile(r"(?<![\w<(])https?://[^\s<>()]+")  # not already in <> or ()
SHARED = re.compile(r"\.\./shared\b|\bshared/SPEC\.md")


def tracked(*patterns: str) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--", *patterns],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
        text=True,
    )
    return [name for name in listing.stdout.split("\0") if name]


TRACKED = set(tracked())
TRACKED_FOLDERS = {str(parent) for name in TRACKED for parent in PurePosixPath(name).parents}
MARKDOWN = sorted(tracked("*.md"))


def prose(text: str) -> str:
    """The text without code blocks and code spans (a link there is not a link)."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    text = prose(text)
    found = INLINE_LINK.findall(text) + REFERENCE_DEFINITION.findall(text)
    found += AUTOLINK.findall(text) + BARE_URL.findall(text)
    return found


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors of the file's headings: lowercase, punctuation removed, spaces to
    hyphens, `-1`, `-2`, ... for repeats."""
    anchors: set[str] = set()
    for line in FENCE.sub("", text).splitlines():
        heading = re.match(r" {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading is None:
            continue
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)).lower()
        slug = re.sub(r"[^\w\- ]", "", title).replace(" ", "-")
        anchor, repeat = slug, 0
        while anchor in anchors:
            repeat += 1
            anchor = f"{slug}-{repeat}"
        anchors.add(anchor)
    return anchors


def problem(source: str, target: str) -> str | None:
    """Why the link `target` in the tracked file `source` does not work offline, or None."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return "absolute link: the repository is read offline"
    path_part, _, anchor = target.partition("#")
    if path_part:
        resolved = (REPOSITORY / source).parent.joinpath(path_part).resolve()
        if not resolved.is_relative_to(REPOSITORY):
            return "outside the repository"
        name = resolved.relative_to(REPOSITORY).as_posix()
        if name not in TRACKED and name not in TRACKED_FOLDERS:
            return "no such tracked file"
    else:
        name = source
    if anchor and name.endswith(".md"):
        text = (REPOSITORY / name).read_text(encoding="utf-8")
        if anchor not in heading_anchors(text):
            return f"no heading #{anchor} in {name}"
    return None


@pytest.mark.parametrize("source", MARKDOWN)
def test_every_link_goes_to_a_file_of_the_repository(source: str) -> None:
    text = (REPOSITORY / source).read_text(encoding="utf-8")
    broken = [
        (target, why) for target in links(text) if (why := problem(source, target)) is not None
    ]
    assert broken == []


def test_the_contract_is_in_the_repository_and_linked() -> None:
    assert "docs/contract.md" in TRACKED
    for source in ("README.md", "docs/rules.md", "python/README.md"):
        text = (REPOSITORY / source).read_text(encoding="utf-8")
        targets = {(REPOSITORY / source).parent.joinpath(t).resolve() for t in links(text)}
        assert REPOSITORY / "docs" / "contract.md" in targets, source


def test_nothing_points_to_the_shared_folder_outside_the_repository() -> None:
    this_test = Path(__file__).resolve().relative_to(REPOSITORY).as_posix()  # names it
    text_files = [
        name
        for name in TRACKED - {this_test}
        if PurePosixPath(name).suffix in {".md", ".py", ".sql", ".yml", ".yaml", ".sh", ".toml"}
    ]
    naming = {name for name in text_files if SHARED.search((REPOSITORY / name).read_text("utf-8"))}
    assert naming == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a](b.md) `[c](d.md)` [e](f.md#g "title")', ["b.md", "f.md#g"]),
        (
            "```\n[a](b.md)\n```\n<https://x.org> see http://y.org/z",
            ["https://x.org", "http://y.org/z"],
        ),
        ("[ref]: ../x.md\n[`code` title](y.md)", ["y.md", "../x.md"]),
    ],
)
def test_links_are_found_in_prose_not_in_code(text: str, expected: list[str]) -> None:
    assert links(text) == expected


def test_heading_anchors_follow_github() -> None:
    text = "# The contract\n## Session IDs\n### `received_at` (UTC)!\n## Session IDs\n"
    assert heading_anchors(text) == {
        "the-contract",
        "session-ids",
        "received_at-utc",
        "session-ids-1",
    }
