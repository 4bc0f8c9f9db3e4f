"""The learned flag layer: evidence, version checks, pure-Python inference, deterministic training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import Context, default_rubric, score
from scoring.cli import main
from scoring.learned import MODEL_FILE, FlagModel, ModelError, default_model, load_model

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _model(weights: dict[str, float], *, flag: str = "impolite", rubric: str | None = None) -> FlagModel:
    flags = {
        key: {"bias": -5.0, "threshold": 0.0, "weights": weights if key == flag else {}}
        for key in ("rejects_ownership", "blames_citizen", "discloses_identity", "impolite")
    }
    return FlagModel.from_dict(
        {
            "format": 1,
            "name": "flags-test",
            "rubric": rubric or default_rubric().version,
            "features": {"rules": True, "char_ngrams": [3, 4]},
            "adopted": True,
            "flags": flags,
        }
    )


def test_a_flag_the_model_raises_points_at_the_sentence_that_raised_it() -> None:
    reply = (
        "Selamat pagi Bapak, saya Rina dari admin LAPOR. Petugas kami perbaiki lampunya hari ini. "
        "Dasar pelapor kepo sekali."
    )
    model = _model({"w:kepo": 8.0})
    plain = score(reply, Context(channel="lapor"), model=None)
    assert "impolite" not in plain.flags  # the rules do not know this word: the model adds the flag
    result = score(reply, Context(channel="lapor"), model=model)
    evidence = result.flags["impolite"].evidence
    assert [s.text for s in evidence] == ["Dasar pelapor kepo sekali."]
    assert reply[evidence[0].start : evidence[0].end] == evidence[0].text
    assert any(n.rule == "impolite" and "learned model flags-test" in n.why for n in result.trace)
    assert result.version.endswith("/flags-test")
    assert plain.total > 10
    assert result.total == plain.total - 10  # the impolite penalty applies as for a rule's flag


def test_the_model_only_adds_flags_the_rules_missed_and_keeps_their_evidence() -> None:
    reply = "Jangan asal tuduh kamu ya. Bukan urusanmu itu."
    plain = score(reply, model=None)
    assert "impolite" in plain.flags
    result = score(reply, model=_model({"w:jangan": 20.0}))
    assert result.flags["impolite"].evidence == plain.flags["impolite"].evidence


def test_below_the_threshold_nothing_is_added() -> None:
    reply = "Laporan sudah kami terima. Dasar pelapor kepo sekali."
    assert "impolite" not in score(reply, model=_model({"w:kepo": 4.0})).flags  # -5 + 4 < 0


def test_a_model_for_another_rubric_version_is_refused_clearly() -> None:
    with pytest.raises(ModelError, match=r"trained for rubric 'rubric-old'.*python -m scoring train"):
        score("Terima kasih.", model=_model({}, rubric="rubric-old"))


def test_an_unreadable_model_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text('{"format": 1, "name": "x"}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a flag model file"):
        load_model(broken)
    broken.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        load_model(broken)


def test_the_shipped_model_matches_the_rubric_and_names_itself_in_the_version() -> None:
    model = default_model()
    assert model is not None
    assert MODEL_FILE.exists()
    assert model.rubric == default_rubric().version
    result = score("Selamat pagi, laporan sudah kami terima.")
    assert result.version.endswith(f"/{model.name}") == model.adopted


def test_scoring_imports_no_numeric_library() -> None:
    code = (
        "import sys, scoring; scoring.score('Selamat pagi Bapak, kami cek hari ini.'); "
        "bad = [m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# --- training (needs the 'train' extra) -----------------------------------------------------


def test_retraining_reproduces_the_shipped_weights() -> None:
    pytest.importorskip("sklearn")
    from scoring import train

    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    rubric = default_rubric()
    use_rules = shipped["features"]["rules"]
    items = train.prepare(train.read_sets(sorted(DATA.glob("*.jsonl"))), rubric, use_rules=use_rules)
    first_run = DATA / "first_run" / "real_probes.jsonl"
    rows = [json.loads(line) for line in first_run.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = train.first_read(items, rows, use_rules)
    thresholds = {k: v["threshold"] for k, v in shipped["flags"].items()}
    again = train.fit_model(
        items, rubric, use_rules=use_rules, adopted=shipped["adopted"], thresholds=thresholds
    )
    assert again == shipped  # weights, bias, name: exactly (see scoring/train.py on library versions)


def test_training_twice_on_a_subset_gives_the_same_model_and_thresholds(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    sets = [str(DATA / f"{name}.jsonl") for name in ("labelled", "real_probe7", "real_probe9")]
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"model{n}.json"
        assert main(["train", *sets, "--limit", "8", "--no-adopt", "-o", str(out)]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    model = load_model(tmp_path / "model1.json")
    assert not model.adopted
    assert model.rubric == default_rubric().version


def test_cross_validation_runs_on_a_small_subset(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    sets = [str(DATA / f"{name}.jsonl") for name in ("labelled", "real_probe7", "real_probe9")]
    assert main(["cv", *sets, "--limit", "6"]) == 0
    out = capsys.readouterr().out
    for name in ("labelled", "real_probe7", "real_probe9", "[real-style]", "[team-style]", "rules|model"):
        assert name in out
    assert "criteria (quadratic weighted kappa)" in out


def test_the_first_run_replay_gives_the_rules_first_run_figures() -> None:
    """tests/data/first_run/ holds the rules as they read each probe set before being tuned on it
    (bench/first_run_flags.py); pooled, those are the README's first-run flag counts: 25 / 3 / 28 over
    real_probe2-9, 38 / 6 / 46 over real_probe2-13, 60 / 9 / 67 over real_probe2-16, 67 / 10 / 74 over real_probe2-17, 73 / 10 / 84 over real_probe2-18, 81 / 10 / 92 over real_probe2-19, 88 / 11 / 98 over real_probe2-20, 96 / 14 / 100 over real_probe2-21,
    106 / 15 / 107 over real_probe2-22, 115 / 19 / 111 over real_probe2-23 (21-23 written by separate
    writers, blind to the rules), 149 / 24 / 127 over real_probe2-26 (24-26: three more blind writers),
    170 / 30 / 138 over real_probe2-28 (27-28: two more, after the real_probe24-26 rules), 179 / 36 / 151
    over real_probe2-30 (29-30: two more, after the real_probe27-28 rules and the timed-step rule), 204 / 43 /
    159 over real_probe2-33 (31-33: three more, after the real_probe29-30 rules), 230 / 44 / 169 over
    real_probe2-36 (34-36: three more, after the real_probe31-33 rules), 255 / 48 / 175 over real_probe2-39
    (37-39: three more, after the real_probe34-36 rules), 280 / 55 / 183 over real_probe2-42 (40-42: three
    more, after the real_probe37-39 rules), 300 / 62 / 203 over real_probe2-45 (43-45: three more, after the
    real_probe40-42 round, each aimed at a weak spot), 327 / 65 / 212 over real_probe2-48 (46-48: three
    more, after the real_probe43-45 rules, measured untuned), 355 / 68 / 223 over real_probe2-51 (49-51:
    three more, after the real_probe46-48 rules, measured untuned), 377 / 72 / 239 over real_probe2-54
    (52-54: three more, after the real_probe49-51 rules, left untuned), 397 / 76 / 256 over real_probe2-57
    (55-57: three more, after the real_probe52-54 rules), 421 / 79 / 267 over real_probe2-60 (58-60: three
    more, after the real_probe55-57 rules), 447 / 81 / 281 over real_probe2-63 (61-63: three more, after the
    real_probe58-60 rules), 469 / 84 / 292 over real_probe2-66 (64-66: three more, after the real_probe61-63
    rules, left untuned), 515 / 95 / 311 over real_probe2-72 (67-72: six more, after the real_probe64-66
    rules), 560 / 103 / 330 over real_probe2-78 (73-78: six more, after the
    real_probe67-72 rules), 609 / 110 / 346 over real_probe2-84 (79-84: six more, after the real_probe73-78
    rules), 659 / 121 / 360 over real_probe2-90 (85-90: six more, after the real_probe79-84 rules)."""
    rows = [
        json.loads(line)
        for line in (DATA / "first_run" / "real_probes.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = {}
    for n in range(2, 91):
        for line in (DATA / f"real_probe{n}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                gold[(f"real_probe{n}", row["id"])] = set(row.get("flags", []))
    assert {(r["set"], r["id"]) for r in rows} == set(gold)

    def counts(sets: set[str]) -> tuple[int, int, int]:
        chosen = [r for r in rows if r["set"] in sets]
        tp = sum(len(gold[(r["set"], r["id"])] & set(r["flags"])) for r in chosen)
        fp = sum(len(set(r["flags"]) - gold[(r["set"], r["id"])]) for r in chosen)
        fn = sum(len(gold[(r["set"], r["id"])] - set(r["flags"])) for r in chosen)
        return tp, fp, fn

    assert counts({f"real_probe{n}" for n in range(2, 10)}) == (25, 3, 28)
    assert counts({f"real_probe{n}" for n in range(2, 14)}) == (38, 6, 46)
    assert counts({f"real_probe{n}" for n in range(2, 17)}) == (60, 9, 67)
    assert counts({f"real_probe{n}" for n in range(2, 18)}) == (67, 10, 74)
    assert counts({f"real_probe{n}" for n in range(2, 19)}) == (73, 10, 84)
    assert counts({f"real_probe{n}" for n in range(2, 20)}) == (81, 10, 92)
    assert counts({f"real_probe{n}" for n in range(2, 21)}) == (88, 11, 98)
    assert counts({f"real_probe{n}" for n in range(2, 22)}) == (96, 14, 100)
    assert counts({f"real_probe{n}" for n in range(2, 23)}) == (106, 15, 107)
    assert counts({f"real_probe{n}" for n in range(2, 24)}) == (115, 19, 111)
    assert counts({f"real_probe{n}" for n in range(2, 27)}) == (149, 24, 127)
    assert counts({f"real_probe{n}" for n in range(2, 29)}) == (170, 30, 138)
    assert counts({f"real_probe{n}" for n in range(2, 31)}) == (179, 36, 151)
    assert counts({f"real_probe{n}" for n in range(2, 34)}) == (204, 43, 159)
    assert counts({f"real_probe{n}" for n in range(2, 37)}) == (230, 44, 169)
    assert counts({f"real_probe{n}" for n in range(2, 40)}) == (255, 48, 175)
    assert counts({f"real_probe{n}" for n in range(2, 43)}) == (280, 55, 183)
    assert counts({f"real_probe{n}" for n in range(2, 46)}) == (300, 62, 203)
    assert counts({f"real_probe{n}" for n in range(2, 49)}) == (327, 65, 212)
    assert counts({f"real_probe{n}" for n in range(2, 52)}) == (355, 68, 223)
    assert counts({f"real_probe{n}" for n in range(2, 55)}) == (377, 72, 239)
    assert counts({f"real_probe{n}" for n in range(2, 58)}) == (397, 76, 256)
    assert counts({f"real_probe{n}" for n in range(2, 61)}) == (421, 79, 267)
    assert counts({f"real_probe{n}" for n in range(2, 64)}) == (447, 81, 281)
    assert counts({f"real_probe{n}" for n in range(2, 67)}) == (469, 84, 292)
    assert counts({f"real_probe{n}" for n in range(2, 73)}) == (515, 95, 311)
    assert counts({f"real_probe{n}" for n in range(2, 79)}) == (560, 103, 330)
    assert counts({f"real_probe{n}" for n in range(2, 85)}) == (609, 110, 346)
    assert counts({f"real_probe{n}" for n in range(2, 91)}) == (659, 121, 360)
    assert all(len(r["features"]) >= 1 for r in rows)


def test_the_shipped_model_applied_points_at_the_sentence_that_earned_the_flag() -> None:
    """r041 is a known miss of the rules (blame by narrating the citizen's conduct); the shipped model,
    applied explicitly, raises it on that sentence and nowhere else (a training item: this checks the
    evidence mechanism, not generalisation)."""
    row = next(
        json.loads(line)
        for line in (DATA / "real_dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["id"] == "r041"
    )
    context = Context(complaint=row["complaint"], channel=row["channel"])
    plain = score(row["response"], context, model=None)
    applied = score(row["response"], context, model=load_model(MODEL_FILE))
    assert "blames_citizen" not in plain.flags
    assert set(applied.flags) == set(plain.flags) | {"blames_citizen"}
    (evidence,) = applied.flags["blames_citizen"].evidence
    assert evidence.text.startswith("Info dari teman-teman petugas")
    assert evidence.text.endswith("lalu langsung pulang.")
    assert row["response"][evidence.start : evidence.end] == evidence.text
    assert plain.criteria["empathy"].points == 1
    assert applied.criteria["empathy"].points == 0  # a blaming reply earns no empathy, as with a rule's flag
