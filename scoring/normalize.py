"""Turn a reply into a stream of normalised tokens that remember where they came from."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz, process
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

__all__ = ["Lexicon", "Sentence", "Token", "TokenStream", "tokenize"]

# A word, a number-like code (Rp2.000, SMB-1180, 0812-3456-7890) or a punctuation mark we care about.
_WEB_ADDRESS = (
    r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:id|com|net|org|info|ly)\b(?:/[\w/?=&%.-]*[\w/])?"
)
_TOKEN_RE = re.compile(
    f"(?P<web>{_WEB_ADDRESS})"  # "lapor.go.id", "https://pln.co.id/...": one word, whose dots end no sentence
    + r"|@[\w.]+"  # social-media handle
    # a number may end in masked digits: "21.44.xx", "0812.xxxx"
    r"|[0-9A-Za-z\u00c0-\u024f]+(?:[-'’][0-9A-Za-z\u00c0-\u024f]+|[.,/:]\d+|(?<=\d)[.,/:][xX]+\b)*"
    r"|[.!?;:,()]"
)
_HAS_DIGIT = re.compile(r"\d")
_REDUPLICATED = re.compile(r"[a-z]{3,}2")
_SUFFIX_NYA = re.compile(r"-nya$")
# Abbreviations that end with a dot but do not end a sentence.
_NON_FINAL_ABBREVIATIONS = frozenset(
    [
        "yth",
        "jl",
        "jln",
        "no",
        "dr",
        "drs",
        "ir",
        "kel",
        "kec",
        "gg",
        "sdr",
        "sdri",
        "tgl",
        "prof",
        "hj",
        "st",
        "kab",
        # before a name: "Bpk. Yohanes", "Ny. Rusmini", "Tn. Lukas", "Nn. Sari" ("a.n." below)
        "bpk",
        "jend",  # "Jl. Jend. Sudirman"
        "ny",
        "tn",
        "nn",
        # places: "Kp. Cibogo", "Ds. Sukamaju", "Dsn. Krajan", "Perum. Griya", "Kav. 12"
        "kp",
        "ds",
        "dsn",
        "perum",
        "kav",
        # names: "Muh. Fadli", "Moh. Rizal", "Abd. Rahman"
        "muh",
        "moh",
        "mhd",
        "abd",
    ]
)
SENTENCE_BREAK = "§"
CLAUSE_BREAK = ","


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised token and the span of the original text it stands for."""

    text: str  # stem (or a marker: '#...' for numbers, ',' for a clause break)
    surface: str  # the expanded, lower-cased word before stemming
    start: int
    end: int
    capitalised: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the reply: its token range, its character span and how it ends."""

    first: int
    last: int  # exclusive
    start: int
    end: int
    question: bool


@dataclass(frozen=True, slots=True)
class TokenStream:
    """The normalised reply: tokens, sentences and a space-joined string to match patterns on."""

    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    text: str  # "tok1 tok2 § tok3 ... " each token followed by one space
    offsets: tuple[int, ...]  # char offset in `text` where each token starts
    sentence_index: tuple[int, ...] = ()  # the sentence of each token

    def token_at(self, char_offset: int) -> int:
        """Return the index of the token that starts at or before `char_offset` in `text`."""
        return bisect_right(self.offsets, char_offset) - 1

    def sentence_of(self, token_index: int) -> int:
        """Return the index of the sentence holding token `token_index`."""
        if 0 <= token_index < len(self.sentence_index):
            return self.sentence_index[token_index]
        return len(self.sentences) - 1


#: Javanese verb suffixes of an object: "-i" (kabari), "-ke"/"-kan" (usulke, sampaikan), "-no" (terusno).
_JAVANESE_OBJECT_SUFFIXES = ("kan", "ke", "no", "i")


class Lexicon:
    """Abbreviations, stem overrides and typo tolerance: everything that maps a word to its stem."""

    def __init__(
        self,
        abbreviations: Mapping[str, str],
        stem_overrides: Mapping[str, str],
        fuzzy_cutoff: float,
        fuzzy_min_length: int,
    ) -> None:
        self.abbreviations = {k.lower(): v.lower().split() for k, v in abbreviations.items()}
        self.stem_overrides = {k.lower(): v.lower() for k, v in stem_overrides.items()}
        self._canonical = frozenset(self.stem_overrides.values())
        self.fuzzy_cutoff = fuzzy_cutoff
        self.fuzzy_min_length = fuzzy_min_length
        self._stemmer = _sastrawi()
        self._dictionary = _sastrawi_words()
        self._vocabulary: tuple[str, ...] = ()
        self._vocabulary_set: frozenset[str] = frozenset()
        self._stem_cache: dict[str, str] = {}
        self._fuzzy_cache: dict[str, str] = {}
        self._analysis_cache: dict[tuple[str, bool], tuple[tuple[str, str], ...]] = {}
        self._word_cache: dict[tuple[str, bool], tuple[tuple[str, str], ...] | str] = {}

    def set_vocabulary(self, words: Iterable[str]) -> None:
        """Set the words that typos are corrected towards (the surface words of the banks)."""
        vocabulary = {w for w in words if len(w) >= self.fuzzy_min_length and w.isalpha()}
        self._vocabulary = tuple(sorted(vocabulary))
        self._vocabulary_set = frozenset(vocabulary)
        self._fuzzy_cache.clear()
        self._analysis_cache.clear()
        self._word_cache.clear()

    def javanese_verb(self, word: str) -> bool:
        """Tell whether `word` is a Javanese verb with its object suffix ("kabari", "usulke", "terusno"):
        after one, "tak" is the speaker ("tak kabari": I will let you know), not Indonesian "tidak",
        which stands before a root, a modal or a prefixed verb ("tak bisa", "tak peduli", "tak diketahui")."""
        if word.startswith(("me", "di", "ber")):
            return False
        return any(
            word.endswith(suffix)
            and len(word) - len(suffix) >= 3
            and word[: -len(suffix)] in self._dictionary
            for suffix in _JAVANESE_OBJECT_SUFFIXES
        )

    def written(self, lowered: str, capitalised: bool) -> tuple[tuple[str, str], ...] | str:
        """Return the (text, surface) tokens of one written word, lower-cased: a number or code is one
        "#" token, "hati2" repeats its word, "-nya" is dropped, and the rest is `analyse`d (cached per
        word). A word left with one letter comes back bare: "a.n." or "s.d." around it may take it over."""
        key = (lowered, capitalised)
        cached = self._word_cache.get(key)
        if cached is not None:
            return cached
        word = lowered
        if _REDUPLICATED.fullmatch(word):
            # "manis2", "hati2", "bpk2": the informal "2" repeats the word ("manis-manis")
            base = self.expand(word[:-1])
            word = f"{base[0]}-{base[0]}" if len(base) == 1 else word[:-1]
        elif _HAS_DIGIT.search(word):
            cached = (("#" + word, word),)
        if cached is None:
            word = _SUFFIX_NYA.sub("", word).rstrip(".,")
            cached = word if len(word) == 1 else self.analyse(word, capitalised)
        if len(self._word_cache) < 200_000:
            self._word_cache[key] = cached
        return cached

    def expand(self, word: str) -> list[str]:
        """Return the words an informal spelling or abbreviation stands for."""
        found = self.abbreviations.get(word)
        if found is not None:
            return found
        if len(word) > 5 and word.endswith("nyo") and word[:-3] in self._dictionary:
            return [word[:-3] + "nya"]  # Malay "-nyo" (Jambi, Palembang, Minang): "karcisnyo" is "karcisnya"
        return [word]

    def analyse(self, word: str | list[str], capitalised: bool) -> tuple[tuple[str, str], ...]:
        """Return (stem, surface) for each word a written word stands for: expanded, typo-corrected,
        expanded again, stemmed (cached per word; a list is words already expanded, "a.n." → atas nama)."""
        key = (word if isinstance(word, str) else " ".join(word), capitalised)
        cached = self._analysis_cache.get(key)
        if cached is None:
            found = []
            for expanded in self.expand(word) if isinstance(word, str) else word:
                for part in self.expand(self.correct(expanded, capitalised)):
                    found.append((self.stem(part), part))
            cached = tuple(found)
            if len(self._analysis_cache) < 200_000:
                self._analysis_cache[key] = cached
        return cached

    def stem(self, word: str) -> str:
        """Return the stem of one lower-case word (cached)."""
        cached = self._stem_cache.get(word)
        if cached is not None:
            return cached
        result = self.stem_overrides.get(word)
        if result is None and word in self._canonical:
            result = word
        if result is None:
            result = self._stemmer.stem(word) if word.isalpha() or "-" in word else word
            result = self.stem_overrides.get(result, result) or word
        if len(self._stem_cache) < 200_000:
            self._stem_cache[word] = result
        return result

    def correct(self, word: str, capitalised: bool) -> str:
        """Return the bank word a misspelt word most likely means, or the word itself."""
        if (
            capitalised
            or len(word) < self.fuzzy_min_length
            or not word.isalpha()
            or word in self._vocabulary_set
            or word in self._dictionary
            or word in self.abbreviations
            or word in self.stem_overrides
        ):
            return word
        cached = self._fuzzy_cache.get(word)
        if cached is not None:
            return cached
        result = word
        if self.stem(word) not in self._dictionary:
            best = process.extractOne(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff
            )
            # A longer or shorter form of the same word is derivation, not a typo: kampung/kampungan.
            if best is not None and not (best[0].startswith(word) or word.startswith(best[0])):
                result = best[0]
        if len(self._fuzzy_cache) < 200_000:
            self._fuzzy_cache[word] = result
        return result

    def normalise_word(self, word: str) -> list[str]:
        """Return the stems one pattern word stands for (used when compiling patterns)."""
        return [self.stem(w) for w in self.expand(word.lower())]


class _Stemmer(Protocol):
    def stem(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _sastrawi() -> _Stemmer:
    stemmer: _Stemmer = StemmerFactory().create_stemmer()
    return stemmer


@lru_cache(maxsize=1)
def _sastrawi_words() -> frozenset[str]:
    return frozenset(StemmerFactory().get_words())


#: Two-letter abbreviations written with two full stops, which end no sentence, and what they stand for.
_DOTTED = {"a.n.": ["atas", "nama"], "s.d.": ["sampai", "dengan"]}


def _dotted(reply: str, dot: int) -> bool:
    """Tell whether the full stop at `dot` is one of "a.n." ("atas nama") or "s.d." ("sampai dengan"),
    which end no sentence (a lone "A." still does: "blok A. Kami cek …")."""
    return (
        reply[max(0, dot - 1) : dot + 3].lower() in _DOTTED
        or reply[max(0, dot - 3) : dot + 1].lower() in _DOTTED
    )


def tokenize(reply: str, lexicon: Lexicon) -> TokenStream:
    """Split `reply` into sentences and normalised tokens with their original spans."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    sentence_first = 0
    sentence_start: int | None = None
    last_end = 0

    def close_sentence(question: bool) -> None:
        nonlocal sentence_first, sentence_start
        if len(tokens) > sentence_first and sentence_start is not None:
            sentences.append(Sentence(sentence_first, len(tokens), sentence_start, last_end, question))
        sentence_first = len(tokens)
        sentence_start = None

    previous_word = ""
    for match in _TOKEN_RE.finditer(reply):
        raw = match.group()
        start, end = match.span()
        gap = reply[last_end:start]
        if "\n" in gap and tokens:
            close_sentence(False)
        elif tokens and not gap.isascii() and any(unicodedata.category(c) == "So" for c in gap):
            # an emoji between words ends a sentence, as a full stop does in writing: "… ibu Kakak 🙏 Boleh
            # DM …", "Mohon maaf kak 🙏 bisa diinfokan …?" (the apology is not part of the question)
            close_sentence(False)
        if raw == "." and reply[end : end + 1] == ",":
            last_end = end  # "Sdr. Irwan S., kami sampaikan": an initial's full stop before a comma
            continue
        if raw in ".!?":
            attached = start == last_end
            if (raw == "." and (previous_word in _NON_FINAL_ABBREVIATIONS or _dotted(reply, start))) or (
                raw == "!" and attached and (previous_word == "lapor" or previous_word.endswith("-lapor"))
            ):  # "LAPOR!" and "SP4N-LAPOR!" are the channel's name, not an exclamation
                last_end = end
                continue
            last_end = end
            close_sentence(raw == "?")
            previous_word = ""
            continue
        if raw == ";":  # "Gangguan disebabkan …; tim ULP melakukan rabas …": two statements, as two sentences
            last_end = end
            close_sentence(False)
            previous_word = ""
            continue
        if raw == ":":
            raw = ","
        if raw in ",()":
            if tokens and tokens[-1].text != CLAUSE_BREAK and len(tokens) > sentence_first:
                tokens.append(Token(CLAUSE_BREAK, CLAUSE_BREAK, start, end, False))
            last_end = end
            previous_word = ""
            continue
        if sentence_start is None:
            sentence_start = start
        last_end = end
        lowered = raw.lower().replace("’", "'")
        if len(lowered) == 1 and reply[max(0, start - 2) : start + 2].lower() in _DOTTED:
            last_end = end
            continue  # the "n" of "a.n." or the "d" of "s.d.", read with the first letter below
        if previous_word == "tak" and tokens and lexicon.javanese_verb(lowered):
            tokens[-1] = replace(tokens[-1], text=lexicon.stem("saya"), surface="saya")  # "tak kabari"
        previous_word = lowered
        capitalised = raw[0].isupper() and len(tokens) > sentence_first
        if lowered.startswith("@"):
            tokens.append(Token("@handle", lowered, start, end, capitalised))
            continue
        if match.lastgroup == "web":
            tokens.append(Token("situs", lowered, start, end, capitalised))  # read as "the website"
            continue
        written = lexicon.written(lowered, capitalised)
        if isinstance(written, str):  # one letter: "a.n. Ni Wayan" is in the name of; "s.d. Sabtu", until
            written = lexicon.analyse(_DOTTED.get(reply[start : start + 4].lower()) or written, capitalised)
        for stem, part in written:
            tokens.append(Token(stem, part, start, end, capitalised))
    close_sentence(reply.rstrip().endswith("?"))

    parts: list[str] = []
    offsets: list[int] = []
    index: list[int] = []  # the sentence of each token (the last one for a token in none)
    position = 0
    sentence_index = 0
    for i, token in enumerate(tokens):
        while sentence_index < len(sentences) and sentences[sentence_index].last <= i:
            sentence_index += 1
            if i < len(tokens):
                parts.append(SENTENCE_BREAK + " ")
                position += 2
        offsets.append(position)
        parts.append(token.text + " ")
        position += len(token.text) + 1
        holding = sentence_index < len(sentences) and sentences[sentence_index].first <= i
        index.append(sentence_index if holding else len(sentences) - 1)
    return TokenStream(tuple(tokens), tuple(sentences), "".join(parts), tuple(offsets), tuple(index))
