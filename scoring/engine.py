"""Score one written reply against the rubric: five criteria, four flags, a total."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .errors import ScoringError
from .normalize import CLAUSE_BREAK, TokenStream, tokenize
from .patterns import Bank, compile_bank
from .rubric import CRITERIA, FLAGS, Rubric, default_rubric

__all__ = [
    "MAX_REPLY_CHARS",
    "Context",
    "CriterionResult",
    "Fact",
    "FlagResult",
    "Result",
    "Span",
    "score",
    "weighted_total",
]

SCORER_VERSION = "latih-scorer-1.0"
MAX_REPLY_CHARS = 100_000  # longer replies are scored on their first MAX_REPLY_CHARS characters
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{1,2}[-\s.]?\d{3,4}[-\s.]?\d{3,5}(?!\d)")
_NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
_SHOUT_WORD_RE = re.compile(r"\b[A-Z]{3,}\b")
_ANY_WORD_RE = re.compile(r"\b[A-Za-z]{3,}\b")
_ACRONYMS = frozenset(
    [
        "LAPOR",
        "SAMBAT",
        "PLN",
        "PDAM",
        "BPJS",
        "RSUD",
        "IGD",
        "UGD",
        "KTP",
        "NIK",
        "DLH",
        "BPBD",
        "PJU",
        "DPUPR",
        "PKP",
        "TPS",
        "DTKS",
        "PBI",
        "KK",
        "OPD",
        "SOP",
        "RT",
        "RW",
        "DKPP",
        "UPT",
        "BBPJN",
        "MPP",
        "SPAN",
        "ASN",
        "WIB",
        "WITA",
        "WIT",
        "PKL",
        "TRC",
        "DINSOS",
        "DINKES",
        "DISHUB",
        "SATPOL",
        "PP",
        "SMS",
        "WA",
        "DM",
        "NO",
        "JL",
        "KIA",
        "BLT",
        "PKH",
        "KIS",
        "SKTM",
        "SKCK",
        "SIM",
        "STNK",
        "TNI",
        "POLRI",
    ]
)
_NOT_NEGATING_NEXT = frozenset({"ragu", "sungkan", "segan", "lupa", "khawatir", "cemas", "takut"})


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
class CriterionResult:
    """Points for one criterion, the evidence and what the trainee can do better."""

    key: str
    label: str
    points: int
    evidence: tuple[Span, ...]
    explanation: str
    tip: str


@dataclass(frozen=True, slots=True)
class FlagResult:
    """A raised flag with the words that raised it."""

    key: str
    label: str
    penalty: int
    evidence: tuple[Span, ...]
    tip: str


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


@dataclass(frozen=True)
class Result:
    """The whole score of one reply."""

    criteria: Mapping[str, CriterionResult]
    flags: Mapping[str, FlagResult]
    total: int
    version: str
    asked_facts: tuple[str, ...] = field(default=())

    @property
    def points(self) -> dict[str, int]:
        """Return the points per criterion."""
        return {key: c.points for key, c in self.criteria.items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "scores": self.points,
            "flags": list(self.flags),
            "total": self.total,
            "version": self.version,
            "asked_facts": list(self.asked_facts),
            "evidence": {key: [s.to_dict() for s in c.evidence] for key, c in self.criteria.items()}
            | {key: [s.to_dict() for s in f.evidence] for key, f in self.flags.items()},
            "explanations": {
                key: {"explanation": c.explanation, "tip": c.tip} for key, c in self.criteria.items()
            },
        }


@dataclass(frozen=True, slots=True)
class _Match:
    first: int
    last: int  # inclusive token index
    sentence: int


class _Reply:
    """One reply being scored: its token stream and lazily computed bank matches."""

    def __init__(self, rubric: Rubric, text: str, context: Context) -> None:
        self.rubric = rubric
        self.text = text
        self.context = context
        self.stream: TokenStream = tokenize(text, rubric.lexicon)
        self._cache: dict[str, list[_Match]] = {}
        self._positions: dict[str, list[int]] = {}
        for i, token in enumerate(self.stream.tokens):
            self._positions.setdefault(token.text, []).append(i)
        self.stuffed = frozenset(self._stuffed_sentences())

    # --- matching -------------------------------------------------------------
    def find(self, bank: Bank | str, *, keep_stuffed: bool = False) -> list[_Match]:
        """Return the matches of a bank (by name or compiled), outside stuffed sentences."""
        compiled = self.rubric.banks[bank] if isinstance(bank, str) else bank
        key = compiled.name if isinstance(bank, str) else "@" + compiled.name
        found = self._cache.get(key)
        if found is None:
            found = []
            stream = self.stream
            spans: list[tuple[int, int]] = []
            for first in compiled.by_first.keys() & self._positions.keys():
                regex = compiled.by_first[first]
                for i in self._positions[first]:
                    m = regex.match(stream.text, stream.offsets[i])
                    if m:
                        spans.append(m.span())
            if compiled.floating is not None:
                spans += [m.span() for m in compiled.floating.finditer(stream.text)]
            for start, end in sorted(set(spans)):
                first_token = stream.token_at(start)
                found.append(_Match(first_token, stream.token_at(end - 2), stream.sentence_of(first_token)))
            self._cache[key] = found
        if keep_stuffed or not self.stuffed:
            return found
        return [m for m in found if m.sentence not in self.stuffed]

    def in_sentence(self, bank: Bank | str, sentence: int) -> list[_Match]:
        """Return the matches of a bank inside one sentence."""
        return [m for m in self.find(bank) if m.sentence == sentence]

    def negated(self, match: _Match) -> bool:
        """Tell whether a negation word stands shortly before the match, in the same clause."""
        tokens = self.stream.tokens
        sentence = self.stream.sentences[match.sentence]
        window = self.rubric.spec.negation.window
        i = match.first - 1
        while i >= sentence.first and i >= match.first - window:
            text = tokens[i].text
            if text == CLAUSE_BREAK:
                return False
            if text in self.rubric.negators:
                after = tokens[i + 1].text if i + 1 < len(tokens) else ""
                return after not in _NOT_NEGATING_NEXT
            i -= 1
        return False

    def positive(self, bank: Bank | str) -> list[_Match]:
        """Return the matches of a bank that are not negated."""
        return [m for m in self.find(bank) if not self.negated(m)]

    def span(self, match: _Match) -> Span:
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
def _complaint_stems(rubric: Rubric, complaint: str) -> frozenset[str]:
    """Return the content stems of a complaint (cached: a conversation scores many replies to one)."""
    stream = tokenize(complaint[:MAX_REPLY_CHARS], rubric.lexicon)
    return frozenset(
        t.text
        for t in stream.tokens
        if t.text not in rubric.overlap_ignore and t.text.isalpha() and len(t.text) > 2
    )


@lru_cache(maxsize=256)
def _terms_bank(rubric: Rubric, name: str, terms: tuple[str, ...]) -> Bank | None:
    patterns = [" ".join(w for w in t.lower().split() if w.replace("-", "").isalnum()) for t in terms]
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    return compile_bank(name, patterns, rubric.lexicon.normalise_word, "context")


# --- criteria -------------------------------------------------------------------------


def _greeting(r: _Reply) -> tuple[int, list[Span]]:
    evidence: list[Span] = []
    salutations = [m for m in r.find("salutation") if m.sentence <= 1]
    evidence += [r.span(m) for m in salutations]
    objects = r.find("thanks_object")
    opening = {m.sentence for m in salutations} | {m.sentence for m in r.find("introduction")}
    thanks = []
    for m in r.positive("thanks"):
        followed = any(m.last < o.first <= m.last + 4 and o.sentence == m.sentence for o in objects)
        in_opening = all(s in opening for s in range(m.sentence))  # "Selamat pagi. Terima kasih. ..."
        if followed or in_opening:
            thanks.append(m)
    evidence += [r.span(m) for m in thanks]
    intros = [m for m in r.find("introduction") if m.sentence <= 2]
    evidence += [r.span(m) for m in intros]
    named = _name_introduction(r)
    if named:
        evidence.append(named)
    second = bool(thanks or intros or named)
    if salutations and second:
        return 2, evidence
    if salutations or second:
        return 1, evidence
    return 0, evidence


def _name_introduction(r: _Reply) -> Span | None:
    """Find "saya Rina" / "dengan Rina dari ..." in the opening sentences."""
    tokens = r.stream.tokens
    for si, sentence in enumerate(r.stream.sentences[:2]):
        for i in range(sentence.first, sentence.last - 1):
            name = tokens[i + 1]
            if not name.capitalised or r.text[name.start : name.end].isupper():
                continue
            opening_with = tokens[i].surface == "dengan" and si == 0 and i - sentence.first <= 6
            if tokens[i].surface == "saya" or opening_with:
                return Span(tokens[i].start, tokens[i + 1].end, r.text[tokens[i].start : tokens[i + 1].end])
    return None


def _verification(r: _Reply, tainted: frozenset[int]) -> tuple[int, list[Span], list[str]]:
    best = 0
    evidence: list[Span] = []
    asked: list[str] = []
    fact_banks: list[tuple[str, Bank]] = []
    for fact in r.context.facts:
        bank = _terms_bank(r.rubric, "fact:" + fact.key, fact.asked_by)
        if bank is not None:
            fact_banks.append((fact.key, bank))
    complaint = _complaint_stems(r.rubric, r.context.complaint)
    asks = {m.sentence for m in r.positive("ask_request")}
    help_offer = r.rubric.lexicon.stem("bantu")
    for si, sentence in enumerate(r.stream.sentences):
        if si in r.stuffed or si in tainted:
            continue
        stems = {t.text for t in r.stream.tokens[sentence.first : sentence.last]}
        if help_offer in stems and si not in asks:
            continue  # "Apakah ada yang bisa kami bantu?" offers help, it verifies nothing
        question = sentence.question
        if not (question or si in asks):
            continue
        level = 0
        matched_facts = [key for key, bank in fact_banks if r.in_sentence(bank, si)]
        if matched_facts:
            asked += matched_facts
            level = 2
        elif r.in_sentence("fact_terms", si):
            level = 2
        elif question and len(r.sentence_stems(si) & complaint) >= 2:
            level = 2  # restates a detail of the complaint and asks to confirm it
        elif (
            r.in_sentence("info_terms", si)
            or si in asks
            or question
            and r.in_sentence("ask_question_word", si)
        ):
            level = 1
        if level:
            evidence.append(r.sentence_span(si))
            best = max(best, level)
    return best, evidence, asked


def _empathy(r: _Reply, capped: bool) -> tuple[int, list[Span]]:
    if capped:
        return 0, []
    complaint = _complaint_stems(r.rubric, r.context.complaint)
    apology = r.rubric.lexicon.stem("maaf")
    best = 0
    evidence: list[Span] = []
    cues = r.positive("empathy_cue")
    feelings = r.positive("feeling")  # "jangan panik" tells, it does not acknowledge
    specific_hits = {m.sentence for m in r.find("specific_empathy")}
    for si in range(len(r.stream.sentences)):
        if si in r.stuffed:
            continue
        sentence_cues = [m for m in cues if m.sentence == si]
        sentence_feelings = [m for m in feelings if m.sentence == si]
        if not (sentence_cues or sentence_feelings or si in specific_hits):
            continue
        understanding = any(r.stream.tokens[m.first].text != apology for m in sentence_cues)
        linked = bool(r.in_sentence("connector", si) or r.in_sentence("person", si))
        if complaint:
            overlap = len(r.sentence_stems(si) & complaint)
            specific = (
                si in specific_hits
                or (bool(sentence_feelings) and (overlap >= 1 or linked))
                or (understanding and overlap >= 2)
                or overlap >= 4
            )
        else:  # no complaint to compare with: count what the sentence says beyond the cue
            said = {
                r.stream.tokens[i].text
                for m in sentence_cues + sentence_feelings
                for i in range(m.first, m.last + 1)
            }
            content = len(r.sentence_stems(si) - said - r.rubric.generic_objects)
            specific = (
                si in specific_hits
                or (bool(sentence_feelings) and (content >= 2 or linked))
                or (understanding and (content >= 3 or linked))
            )
        level = 2 if specific else 1
        evidence.append(r.sentence_span(si))
        best = max(best, level)
    return best, evidence


def _interim(r: _Reply, tainted: frozenset[int]) -> tuple[int, list[Span]]:
    asks = {m.sentence for m in r.find("ask_request")}

    def usable(matches: list[_Match]) -> list[_Match]:
        return [
            m
            for m in matches
            if m.sentence not in tainted
            and m.sentence not in asks
            and not r.stream.sentences[m.sentence].question
        ]

    offers = {m.sentence for m in r.positive("interim_offer")}
    time_sentences = {m.sentence for m in r.find("interim_time")}
    destinations = r.find("interim_destination")
    tokens = r.stream.tokens
    named_teams = [
        m for m in r.find("interim_team") if m.last + 1 < len(tokens) and tokens[m.last + 1].capitalised
    ]
    actor_sentences = {
        m.sentence
        for m in r.find("interim_actor") + named_teams
        if not any(d.sentence == m.sentence and d.last == m.first - 1 for d in destinations)
    }
    measures = [m for m in usable(r.positive("interim_measure")) if m.sentence in offers | time_sentences]
    concrete = measures + usable(r.positive("interim_rights")) + usable(r.positive("interim_advice"))
    extra = _terms_bank(r.rubric, "interim", r.context.interim_terms)
    if extra is not None:
        concrete += usable(r.positive(extra))
    topics = r.find("interim_action_topic")
    vague = usable(r.positive("interim_vague"))
    routine = {m.sentence for m in r.find("interim_routine")}
    for m in usable(r.positive("interim_action")):
        if m.sentence in routine or any(
            t.sentence == m.sentence and m.first - 2 <= t.last < m.first for t in topics
        ):
            continue
        if m.sentence in time_sentences or m.sentence in actor_sentences:
            concrete.append(m)
    if concrete:
        return 2, [r.sentence_span(m.sentence) for m in _unique_sentences(concrete)]
    if r.find("interim_refusal"):
        return 0, []
    if vague:
        return 1, [r.sentence_span(m.sentence) for m in _unique_sentences(vague)]
    return 0, []


def _status(r: _Reply) -> tuple[int, list[Span]]:
    past = r.find("status_past")

    def fresh(m: _Match) -> bool:
        return not any(p.sentence == m.sentence and m.first - 3 <= p.first <= m.first for p in past)

    statements = r.find("status_statement")
    promises = [m for m in r.positive("status_promise") if fresh(m)]
    for m in r.positive("status_report"):
        if not fresh(m) or any(s.first <= m.last and m.first <= s.last for s in statements):
            continue
        if r.in_sentence("status_object", m.sentence) or any(
            m.last < x.first <= m.last + 2 for x in r.in_sentence("status_recipient", m.sentence)
        ):
            promises.append(m)
    tracking = r.find("status_tracking")
    watch = r.positive("status_watch")
    best = 0
    evidence: list[Span] = []
    for m in promises:
        timed = r.in_sentence("status_time", m.sentence) or r.in_sentence("status_channel", m.sentence)
        best = max(best, 2 if timed else 1)
        evidence.append(r.sentence_span(m.sentence))
    for m in tracking:
        checkable = r.in_sentence("status_check_verb", m.sentence) or r.in_sentence(
            "status_channel", m.sentence
        )
        best = max(best, 2 if checkable else 1)
        evidence.append(r.sentence_span(m.sentence))
    for m in watch:
        best = max(best, 1)
        evidence.append(r.sentence_span(m.sentence))
    return best, _dedupe(evidence)


# --- flags ----------------------------------------------------------------------------


def _flags(r: _Reply) -> dict[str, list[Span]]:
    raised: dict[str, list[Span]] = {}
    rejects = r.find("rejects_ownership", keep_stuffed=True)
    routed = bool(r.positive("routing"))
    if rejects and not routed:
        raised["rejects_ownership"] = [r.span(m) for m in rejects]
    elif not routed:
        others = r.find("other_owner", keep_stuffed=True)
        if others and _interim(r, frozenset())[0] < 2:  # names another owner and leaves it there
            raised["rejects_ownership"] = [r.span(m) for m in others]
    blames = r.find("blames_citizen", keep_stuffed=True)
    if blames:
        raised["blames_citizen"] = [r.span(m) for m in blames]
    rude = [r.span(m) for m in r.find("impolite", keep_stuffed=True)] + _shouting(r.text)
    if rude:
        raised["impolite"] = rude
    disclosed = _disclosure(r)
    if disclosed:
        raised["discloses_identity"] = disclosed
    return raised


def _shouting(text: str) -> list[Span]:
    words = _ANY_WORD_RE.findall(text)
    if len(words) < 3:
        return []
    shouted = [m for m in _SHOUT_WORD_RE.finditer(text) if m.group() not in _ACRONYMS]
    if len(shouted) >= 3 and len(shouted) / len(words) >= 0.5:
        return [Span(shouted[0].start(), shouted[-1].end(), text[shouted[0].start() : shouted[-1].end()])]
    return []


def _disclosure(r: _Reply) -> list[Span]:
    channel = r.context.channel
    spec = r.rubric.spec
    if channel is not None and channel not in spec.public_channels:
        return []
    found = [Span(m.start(), m.end(), m.group()) for m in _PHONE_RE.finditer(r.text)]
    found += [Span(m.start(), m.end(), m.group()) for m in _NIK_RE.finditer(r.text)]
    tokens = r.stream.tokens
    addresses = r.find("address_terms", keep_stuffed=True)
    address_sentences = {m.sentence for m in addresses}
    for i, token in enumerate(tokens):
        if token.text == "@handle" and r.stream.sentence_of(i) in address_sentences:
            found.append(Span(token.start, token.end, r.text[token.start : token.end]))
    for m in r.find("honorific", keep_stuffed=True):
        nxt = m.last + 1
        if (
            m.sentence in address_sentences
            and nxt < len(tokens)
            and tokens[nxt].capitalised
            and tokens[nxt].surface.upper() != r.text[tokens[nxt].start : tokens[nxt].end]
            and r.stream.sentence_of(nxt) == m.sentence
        ):
            found.append(
                Span(tokens[m.first].start, tokens[nxt].end, r.text[tokens[m.first].start : tokens[nxt].end])
            )
    public_sentences = {m.sentence for m in r.find("public_place", keep_stuffed=True)}
    if (channel in spec.ask_private_channels or channel is None) and not r.find(
        "private_channel", keep_stuffed=True
    ):
        asks = {m.sentence for m in r.find("ask_request", keep_stuffed=True)}
        for m in r.find("personal_data", keep_stuffed=True):
            asked = m.sentence in asks or r.stream.sentences[m.sentence].question
            # With no channel given, only a request that names a public place ("di kolom komentar").
            if asked and (channel is not None or m.sentence in public_sentences):
                found.append(r.span(m))
    return _dedupe(found)


def _unique_sentences(matches: list[_Match]) -> list[_Match]:
    seen: set[int] = set()
    unique = []
    for m in sorted(matches, key=lambda m: m.first):
        if m.sentence not in seen:
            seen.add(m.sentence)
            unique.append(m)
    return unique


def _dedupe(spans: list[Span]) -> list[Span]:
    return sorted(set(spans), key=lambda s: (s.start, s.end))


# --- entry point ----------------------------------------------------------------------


def score(reply: str, context: Context | None = None, *, rubric: Rubric | None = None) -> Result:
    """Score one reply; raise ScoringError if `reply` is not a string."""
    if not isinstance(reply, str):
        raise ScoringError(f"reply must be a string, not {type(reply).__name__}")
    if context is not None and not isinstance(context, Context):
        raise ScoringError(f"context must be a Context, not {type(context).__name__}")
    rubric = rubric or default_rubric()
    context = context or Context()
    r = _Reply(rubric, reply[:MAX_REPLY_CHARS], context)
    flag_spans = _flags(r)
    tainted = frozenset(
        s
        for key in ("rejects_ownership", "blames_citizen")  # rude wording does not undo a real step
        for s in _sentences_of(r, flag_spans.get(key, []))
    )
    greeting, greeting_ev = _greeting(r)
    verification, verification_ev, asked = _verification(r, tainted)
    capped = "blames_citizen" in flag_spans or "impolite" in flag_spans
    empathy, empathy_ev = _empathy(r, capped)
    interim, interim_ev = _interim(r, tainted)
    status, status_ev = _status(r)
    raw = {
        "greeting": (greeting, greeting_ev),
        "verification": (verification, verification_ev),
        "empathy": (empathy, empathy_ev),
        "interim_solution": (interim, interim_ev),
        "status_followup": (status, status_ev),
    }
    criteria: dict[str, CriterionResult] = {}
    for key in CRITERIA:
        points, spans = raw[key]
        spec = rubric.spec.criteria[key]
        criteria[key] = CriterionResult(
            key,
            spec.label.id,
            points,
            tuple(_dedupe(spans)) if points else (),
            spec.levels[points],
            spec.tips.get(points, ""),
        )
    flags: dict[str, FlagResult] = {}
    for key in FLAGS:
        if key in flag_spans:
            flag_spec = rubric.spec.flags[key]
            flags[key] = FlagResult(
                key, flag_spec.label.id, flag_spec.penalty, tuple(flag_spans[key]), flag_spec.tip
            )
    total = weighted_total({k: c.points for k, c in criteria.items()}, flags, rubric=rubric)
    return Result(criteria, flags, total, f"{rubric.version}/{SCORER_VERSION}", tuple(dict.fromkeys(asked)))


def weighted_total(points: Mapping[str, int], flags: Iterable[str], *, rubric: Rubric | None = None) -> int:
    """Return 0..100: each criterion's weight times points/2, minus each raised flag's penalty."""
    rubric = rubric or default_rubric()
    value = sum(rubric.weights[k] * points[k] / 2 for k in CRITERIA)
    value -= sum(rubric.penalties[f] for f in set(flags))
    return max(0, min(100, round(value)))


def _sentences_of(r: _Reply, spans: list[Span]) -> set[int]:
    found = set()
    for span in spans:
        for i, s in enumerate(r.stream.sentences):
            if s.start <= span.start < s.end:
                found.add(i)
    return found
