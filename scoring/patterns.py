"""A tiny phrase language for the rubric's banks, compiled to regexes keyed by first word.

A pattern is words separated by spaces, matched on stems of the normalised reply:

- ``terima kasih atas`` — the words in order (a comma in the reply between them is allowed);
- ``atas|untuk`` — one of these words;
- ``kami?`` — an optional word;
- ``*`` — up to three other words of the same sentence (``*5``: up to five);
- ``#`` — a number or a code with digits (``3``, ``SMB-1180``); ``@`` — a social-media handle;
- ``^`` at the start — only at the start of a sentence.

Every word is stemmed exactly like the reply, so ``laporannya`` in a pattern equals
``melapor`` in a reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import RubricError

__all__ = ["Bank", "compile_bank"]

_GAP_RE = re.compile(r"^\*(\d*)$")
_WORD_RE = re.compile(r"^[a-z0-9'\-!]+$")
_SEP = r"(?:, )?"
_ANY_WORD = r"(?:[^§ ]\S* )"


@dataclass(frozen=True, slots=True)
class Bank:
    """A named list of patterns, compiled to one regex per stem a match can start with."""

    name: str
    patterns: tuple[str, ...]
    words: frozenset[str]  # the surface words used, for typo correction
    # Patterns by the stem their first word must have, tried only where that stem stands;
    # `floating` holds those that can start anywhere (an optional word, a gap, a number).
    by_first: dict[str, re.Pattern[str]]
    floating: re.Pattern[str] | None
    firsts: frozenset[str]  # the keys of by_first, as a set to intersect with a reply's stems


def _compile_pattern(
    pattern: str, stem: Callable[[str], list[str]], where: str
) -> tuple[str, set[str], set[str] | None]:
    parts = pattern.lower().split()
    if not parts:
        raise RubricError(f"{where}: empty pattern")
    anchored = parts[0] == "^"
    if anchored:
        parts = parts[1:]
        if not parts:
            raise RubricError(f"{where}: pattern {pattern!r} has nothing after '^'")
    pieces: list[str] = []
    words: set[str] = set()
    first: set[str] | None = None
    for index, part in enumerate(parts):
        gap = _GAP_RE.match(part)
        if gap:
            pieces.append(f"{_ANY_WORD}{{0,{int(gap.group(1) or 3)}}}")
            continue
        optional = part.endswith("?") and len(part) > 1
        if optional:
            part = part[:-1]
        alternatives = []
        leading: set[str] | None = set() if index == 0 and not optional else None
        for word in part.split("|"):
            if word in ("#", "@"):
                leading = None
            if word == "#":
                alternatives.append(r"\#\S*")
            elif word == "@":
                alternatives.append("@handle")
            elif not word or not _WORD_RE.match(word):
                raise RubricError(f"{where}: pattern {pattern!r}: bad word {word!r}")
            elif any(c.isdigit() for c in word):
                alternatives.append(re.escape("#" + word))
            else:
                words.add(word)
                stems = stem(word)
                alternatives.append(" ".join(re.escape(s) for s in stems))
                if leading is not None:
                    leading.add(stems[0])
        if index == 0:
            first = leading
        unique = sorted(set(alternatives), key=len, reverse=True)
        piece = f"(?:{'|'.join(unique)}) "
        pieces.append(f"(?:{piece})?" if optional else piece)
    body = ""
    for i, piece in enumerate(pieces):
        body += piece if i == 0 else _SEP + piece
    start = r"(?:(?<=^)|(?<=§ ))" if anchored else r"(?:(?<=^)|(?<= ))"
    return start + "(?:" + body + ")", words, first


def compile_bank(name: str, patterns: Iterable[str], stem: Callable[[str], list[str]], where: str) -> Bank:
    """Compile a bank's patterns by first word; raise RubricError naming a bad pattern."""
    words: set[str] = set()
    grouped: dict[str, list[str]] = {}
    floating: list[str] = []
    pattern_list = tuple(patterns)
    if not pattern_list:
        raise RubricError(f"{where}: bank {name!r} has no patterns")
    for pattern in pattern_list:
        regex, used, first = _compile_pattern(pattern, stem, f"{where}.{name}")
        words |= used
        if first is None:
            floating.append(regex)
        else:
            for s in first:
                grouped.setdefault(s, []).append(regex)
    return Bank(
        name,
        pattern_list,
        frozenset(words),
        {s: re.compile("|".join(regexes)) for s, regexes in grouped.items()},
        re.compile("|".join(floating)) if floating else None,
        frozenset(grouped),
    )
