"""A reply being scored: its tokens, the banks it matches, negation, and what each rule needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .normalize import CLAUSE_BREAK, TokenStream, tokenize
from .patterns import Bank, compile_bank
from .roles import Role, read_role

if TYPE_CHECKING:
    from .rubric import Rubric

__all__ = [
    "MAX_REPLY_CHARS",
    "RULE_BANKS",
    "Context",
    "Fact",
    "Match",
    "Reply",
    "Span",
    "complaint_stems",
    "fact_bank",
    "interim_bank",
    "dedupe",
    "required_banks",
    "sentences_of",
    "terms_bank",
    "unique_sentences",
    "uses",
]

MAX_REPLY_CHARS = 100_000  # longer replies are scored on their first MAX_REPLY_CHARS characters
_NOT_NEGATING_NEXT = frozenset({"ragu", "sungkan", "segan", "lupa", "khawatir", "cemas", "takut"})
#: Words whose stem is a negator's but which negate nothing: "sebelum jam 4" (before), not "belum".
_NOT_NEGATORS = frozenset({"sebelum", "sebelumnya"})
#: Words that open a request to the citizen: a negation before one belongs to what came before ("Warga
#: yang belum terima silakan datang ke loket …": "belum" is the warga's, not the request's).
_OPENS_REQUEST = frozenset({"silakan", "silahkan", "mohon", "harap", "tolong", "monggo", "mari", "ayo"})

#: The banks each rule reads, declared right after the rule with `uses(rule, ...)`; the rubric loader
#: requires them. (A statement, not a decorator: mutmut 3 never mutates a decorated function.)
RULE_BANKS: dict[str, frozenset[str]] = {}


def uses(rule: Callable[..., Any], *banks: str) -> None:
    """Declare the rubric banks a rule reads (so a rubric without one is refused at load)."""
    RULE_BANKS[f"{rule.__module__.rsplit('.', 1)[-1]}.{rule.__name__}"] = frozenset(banks)


def required_banks() -> dict[str, list[str]]:
    """Return each required bank with the rules that read it."""
    from . import criteria, flags  # noqa: F401  (importing them registers their rules)

    needed: dict[str, list[str]] = {}
    for rule, banks in sorted(RULE_BANKS.items()):
        for bank in banks:
            needed.setdefault(bank, []).append(rule)
    return needed


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the reply that earned (or cost) points."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Return the span as plain data."""
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Fact:
    """A hidden fact of a scenario and the words of a question that would reveal it."""

    key: str
    asked_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What is known about the case the reply answers."""

    complaint: str = ""
    channel: str | None = None
    facts: tuple[Fact, ...] = ()
    owner: str | None = None
    interim_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    first: int
    last: int  # inclusive token index
    sentence: int


class Reply:
    """One reply being scored: its token stream and lazily computed bank matches."""

    def __init__(self, rubric: Rubric, text: str, context: Context) -> None:
        self.rubric = rubric
        self.text = text
        self.context = context
        self.stream: TokenStream = tokenize(text, rubric.lexicon)
        self._cache: dict[str, list[Match]] = {}
        self._positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.stream.tokens):
            self._positions.setdefault(token.text, []).append(i)
        self._stems = frozenset(self._positions)
        self.stuffed = frozenset(self._stuffed_sentences())
        self._roles: dict[int, Role] = {}
        self.notes: list[tuple[int, str, str]] = []  # (sentence, rule, why) for `explain`
        self.memo: dict[tuple[str, frozenset[int]], tuple[int, list[Span]]] = {}  # rule results

    def role(self, sentence: int) -> Role:
        """Return what a sentence does: whom it addresses, who acts, whether it directs."""
        found = self._roles.get(sentence)
        if found is None:
            s = self.stream.sentences[sentence]
            found = read_role(self.stream.tokens, s.first, s.last, s.question)
            self._roles[sentence] = found
        return found

    def words(self, sentence: int) -> list[str]:
        """Return the surface words of a sentence (expanded, lower-cased)."""
        s = self.stream.sentences[sentence]
        return [t.surface for t in self.stream.tokens[s.first : s.last] if t.text != CLAUSE_BREAK]

    def preceded_by(self, index: int, words: frozenset[str]) -> bool:
        """Tell whether one of `words` stands in the two tokens before token `index`: the office's "kami"
        in "sudah kami teruskan", "sudah" in "sudah dikoordinasikan", "cuma" in "cuma menyalurkan"."""
        tokens = self.stream.tokens
        return any(tokens[i].surface in words for i in range(max(0, index - 2), index))

    def note(self, sentence: int, rule: str, why: str) -> None:
        """Record why a rule fired on a sentence (shown by `python -m scoring explain`)."""
        self.notes.append((sentence, rule, why))

    # --- matching -------------------------------------------------------------
    def find(self, bank: Bank | str, *, keep_stuffed: bool = False) -> list[Match]:
        """Return the matches of a bank (by name or compiled), outside stuffed sentences."""
        key = bank if isinstance(bank, str) else "@" + bank.name
        found = self._cache.get(key)
        if found is None:
            compiled = self.rubric.banks[bank] if isinstance(bank, str) else bank
            found = []
            stream = self.stream
            spans: list[tuple[int, int]] = []
            for first in compiled.firsts & self._stems:  # the smaller set is walked
                regex = compiled.by_first[first]
                for i in self._positions[first]:
                    m = regex.match(stream.text, stream.offsets[i])
                    if m:
                        spans.append(m.span())
            if compiled.floating is not None:
                spans += [m.span() for m in compiled.floating.finditer(stream.text)]
            if spans:
                token_at, sentence_index = stream.token_at, stream.sentence_index
                for start, end in sorted(set(spans)):
                    first_token = token_at(start)
                    found.append(Match(first_token, token_at(end - 2), sentence_index[first_token]))
            self._cache[key] = found
        if keep_stuffed or not self.stuffed:
            return found
        return [m for m in found if m.sentence not in self.stuffed]

    def in_sentence(self, bank: Bank | str, sentence: int) -> list[Match]:
        """Return the matches of a bank inside one sentence."""
        return [m for m in self.find(bank) if m.sentence == sentence]

    def negated(self, match: Match) -> bool:
        """Tell whether a negation word stands shortly before the match, in the same clause."""
        tokens = self.stream.tokens
        sentence = self.stream.sentences[match.sentence]
        window = self.rubric.spec.negation.window
        if tokens[match.first].surface in _OPENS_REQUEST:
            return False
        i = match.first - 1
        while i >= sentence.first and i >= match.first - window:
            text = tokens[i].text
            if text == CLAUSE_BREAK or tokens[i].surface in _OPENS_REQUEST:
                return False
            if text in self.rubric.negators and tokens[i].surface not in _NOT_NEGATORS:
                after = tokens[i + 1].text if i + 1 < len(tokens) else ""
                return after not in _NOT_NEGATING_NEXT
            i -= 1
        return False

    def positive(self, bank: Bank | str) -> list[Match]:
        """Return the matches of a bank that are not negated."""
        return [m for m in self.find(bank) if not self.negated(m)]

    def span(self, match: Match) -> Span:
        """Return the original text a match covers."""
        tokens = self.stream.tokens
        start, end = tokens[match.first].start, tokens[match.last].end
        return Span(start, end, self.text[start:end])

    def sentence_span(self, sentence: int) -> Span:
        """Return the original text of a whole sentence."""
        s = self.stream.sentences[sentence]
        return Span(s.start, s.end, self.text[s.start : s.end])

    def sentence_stems(self, sentence: int) -> set[str]:
        """Return the content stems of one sentence."""
        s = self.stream.sentences[sentence]
        ignore = self.rubric.overlap_ignore
        return {
            t.text
            for t in self.stream.tokens[s.first : s.last]
            if t.text not in ignore and t.text.isalpha() and len(t.text) > 2
        }

    def _stuffed_sentences(self) -> Iterable[int]:
        meta = self.rubric.meta_words
        share = self.rubric.spec.stuffing.max_meta_share
        for i, s in enumerate(self.stream.sentences):
            words = [t.text for t in self.stream.tokens[s.first : s.last] if t.text != CLAUSE_BREAK]
            if not words:
                continue
            meta_count = sum(1 for w in words if w in meta)
            clauses = 1 + sum(1 for t in self.stream.tokens[s.first : s.last] if t.text == CLAUSE_BREAK)
            if meta_count and meta_count / len(words) > share:
                yield i
            elif clauses >= 4 and len(words) / clauses <= 1.5:
                yield i  # a bare list of keywords: "salam, maaf, foto, besok, kabari"


@lru_cache(maxsize=512)
def complaint_stems(rubric: Rubric, complaint: str) -> frozenset[str]:
    """Return the content stems of a complaint (cached: a conversation scores many replies to one)."""
    stream = tokenize(complaint[:MAX_REPLY_CHARS], rubric.lexicon)
    return frozenset(
        t.text
        for t in stream.tokens
        if t.text not in rubric.overlap_ignore and t.text.isalpha() and len(t.text) > 2
    )


@lru_cache(maxsize=4096)  # a bank per scenario fact and interim list: a library has hundreds
def terms_bank(rubric: Rubric, name: str, terms: tuple[str, ...]) -> Bank | None:
    patterns = [" ".join(w for w in t.lower().split() if w.replace("-", "").isalnum()) for t in terms]
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return compile_bank(name, patterns, rubric.lexicon.normalise_word, "context")


def fact_bank(rubric: Rubric, fact: Fact) -> Bank | None:
    """Return the bank of the questions that ask for one scenario fact (None if it has none)."""
    return terms_bank(rubric, "fact:" + fact.key, fact.asked_by)


def interim_bank(rubric: Rubric, context: Context) -> Bank | None:
    """Return the bank of the scenario's own interim measures (None if it lists none)."""
    return terms_bank(rubric, "interim", context.interim_terms)


def unique_sentences(matches: list[Match]) -> list[Match]:
    seen: set[int] = set()
    unique = []
    for m in sorted(matches, key=lambda m: m.first):
        if m.sentence not in seen:
            seen.add(m.sentence)
            unique.append(m)
    return unique


def dedupe(spans: list[Span]) -> list[Span]:
    return sorted(set(spans), key=lambda s: (s.start, s.end))


def sentences_of(r: Reply, spans: list[Span]) -> set[int]:
    found = set()
    for span in spans:
        for i, s in enumerate(r.stream.sentences):
            if s.start <= span.start < s.end:
                found.add(i)
    return found
