"""Property tests: any text gives a valid result; only non-strings raise, with ScoringError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import CRITERIA, Context, ScoringError, score

_words = st.sampled_from(
    [
        "selamat",
        "pagi",
        "terima",
        "kasih",
        "maaf",
        "foto",
        "lokasi",
        "besok",
        "petugas",
        "kami",
        "kabari",
        "tidak",
        "bukan",
        "wewenang",
        "?",
        ".",
        ",",
        "!",
        "LAPOR",
        "@akun",
        "0812-3456-7890",
        "<script>",
        "😡",
        "日本",
    ]
)


def _check(result) -> None:
    assert set(result.points) == set(CRITERIA)
    assert all(p in (0, 1, 2) for p in result.points.values())
    assert 0 <= result.total <= 100
    for criterion in result.criteria.values():
        for span in criterion.evidence:
            assert 0 <= span.start < span.end


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_a_valid_result(text: str) -> None:
    _check(score(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(_words, max_size=60).map(" ".join), st.sampled_from(["lapor", "social", "callcenter", None]))
def test_word_salad_gives_a_valid_result(text: str, channel: str | None) -> None:
    _check(score(text, Context(complaint=text, channel=channel)))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "a" * 100_000,
        ("Selamat pagi. " * 8000),
        "<b>halo</b><script>alert(1)</script>",
        "😀" * 500,
        "Здравствуйте 你好 مرحبا selamat pagi",
    ],
)
def test_edge_texts(text: str) -> None:
    _check(score(text))


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_string_reply_raises_scoring_error(bad: object) -> None:
    with pytest.raises(ScoringError, match="reply must be a string"):
        score(bad)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc Pak Bu. ,?!\n🙏12", max_size=120))
def test_each_token_knows_its_sentence_and_each_match_offset_its_token(reply: str) -> None:
    """The stream's lookup tables (sentence per token, token per character) agree with a plain scan."""
    from scoring.normalize import tokenize
    from scoring.rubric import default_rubric

    stream = tokenize(reply, default_rubric().lexicon)
    for i in range(len(stream.tokens)):
        holding = [si for si, s in enumerate(stream.sentences) if s.first <= i < s.last]
        assert stream.sentence_of(i) == (holding[0] if holding else len(stream.sentences) - 1)
        assert stream.token_at(stream.offsets[i]) == i
        if stream.offsets[i] > 0:
            assert stream.token_at(stream.offsets[i] - 1) == i - 1


def test_a_word_reads_the_same_from_the_cache_as_the_first_time() -> None:
    from scoring.rubric import default_rubric

    lexicon = default_rubric().lexicon
    fresh = [
        (lexicon.stem(p), p) for w in lexicon.expand("sdh") for p in lexicon.expand(lexicon.correct(w, False))
    ]
    assert lexicon.analyse("sdh", False) == tuple(fresh) == lexicon.analyse("sdh", False)
    assert lexicon.analyse(["atas", "nama"], True) == (("atas", "atas"), ("nama", "nama"))
