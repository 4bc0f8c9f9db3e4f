"""The four flags: turning the complaint away, blaming the citizen, rudeness, disclosing identity."""

from __future__ import annotations

import re

from .criteria import interim
from .matcher import Reply, Span, dedupe, uses

__all__ = ["flags"]

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


@uses("blames_citizen", "impolite", "other_owner", "rejects_ownership", "routing")
def flags(r: Reply) -> dict[str, list[Span]]:
    raised: dict[str, list[Span]] = {}
    rejects = r.find("rejects_ownership", keep_stuffed=True)
    routed = bool(r.positive("routing"))
    if rejects and not routed:
        raised["rejects_ownership"] = [r.span(m) for m in rejects]
    elif not routed:
        others = r.find("other_owner", keep_stuffed=True)
        if others and interim(r, frozenset())[0] < 2:  # names another owner and leaves it there
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


@uses("address_terms", "ask_request", "honorific", "personal_data", "private_channel", "public_place")
def _disclosure(r: Reply) -> list[Span]:
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
    return dedupe(found)
