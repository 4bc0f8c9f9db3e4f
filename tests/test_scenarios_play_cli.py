"""`flask --app trainer scenarios play`, the new list fields and the checks of the conversation fields."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flask.testing import FlaskCliRunner

from trainer.catalog import load_catalog
from trainer.practice.conversation import play

from .conftest import ROOT

GOOD = [
    "Selamat pagi Mas, saya Hendra dari Dispendukcapil. Kami paham Mas cemas karena e-KTP belum dicetak "
    "padahal minggu depan mulai kerja. Kapan tanggal perekamannya?",
    "Besok pagi petugas loket kami siapkan surat keterangan pengganti KTP untuk Mas.",
    "Jadwal cetak e-KTP kami kabarkan melalui LAPOR! paling lambat 3 hari kerja.",
]


def _play(runner: FlaskCliRunner, slug: str, replies: list[str], *extra: str):
    args = ["scenarios", "play", slug, *extra]
    for reply in replies:
        args += ["--reply", reply]
    return runner.invoke(args=args)


def test_play_json_has_the_documented_shape_and_matches_the_engine(runner: FlaskCliRunner) -> None:
    result = _play(runner, "ektp-belum-jadi", GOOD, "--seed", "7", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"slug", "seed", "turns", "ended", "end_reason"}
    assert (data["slug"], data["seed"], data["ended"], data["end_reason"]) == (
        "ektp-belum-jadi",
        7,
        True,
        "resolved",
    )
    speakers = [t["speaker"] for t in data["turns"]]
    assert speakers == ["citizen", "trainee", "citizen", "trainee", "citizen", "trainee", "citizen"]
    for turn in data["turns"]:
        assert {"speaker", "text", "mood", "trigger"} <= set(turn)
        if turn["speaker"] == "trainee":
            assert set(turn["points"]) == {
                "greeting",
                "verification",
                "empathy",
                "interim_solution",
                "status_followup",
            }
        else:
            assert turn["mood"] in ("calm", "irritated", "angry", "furious")
    scenario = load_catalog(ROOT / "scenarios").get("ektp-belum-jadi").scenario
    assert data == play(scenario, 7, GOOD).to_dict("ektp-belum-jadi")


def test_play_prints_moods_triggers_points_and_the_ending(runner: FlaskCliRunner) -> None:
    result = _play(runner, "pohon-tumbang-ijen", ["Itu bukan wewenang kami."] * 3)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("[warga · angry · opening]")
    assert any(line.startswith("[warga · furious · rejects_ownership]") for line in lines)
    assert any(line.strip().startswith("points: greeting 0") for line in lines)
    assert "(1 reply(ies) not played: the conversation had ended)" in lines
    assert lines[-1] == "ended: gave_up"
    open_play = _play(runner, "ektp-belum-jadi", GOOD[:1])
    assert open_play.output.splitlines()[-1].startswith("open (mood ")


def test_play_an_unknown_scenario_fails_with_a_message(runner: FlaskCliRunner) -> None:
    result = _play(runner, "tidak-ada", ["Halo"])
    assert result.exit_code == 1
    assert "scenario 'tidak-ada' not found" in result.output


def test_list_json_reports_the_conversation_fields(runner: FlaskCliRunner) -> None:
    rows = {r["slug"]: r for r in json.loads(runner.invoke(args=["scenarios", "list", "--json"]).output)}
    row = rows["ektp-belum-jadi"]
    assert row["needs"] == ["acknowledged", "action", "followup"]
    assert row["action"] == "verifikasi"
    assert row["free_practice"] is True
    assert "form_group" in row


def _without(text: str, *keys: str) -> str:
    """Return a scenario's text without the given top-level keys (so a test can set them)."""
    return (
        "\n".join(line for line in text.splitlines() if not line.startswith(tuple(f"{k}:" for k in keys)))
        + "\n"
    )


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_check_validates_form_groups(runner: FlaskCliRunner, tmp_path: Path) -> None:
    shutil.copy(ROOT / "scenarios" / "agencies.yaml", tmp_path)
    base = _without((ROOT / "scenarios" / "ektp-belum-jadi.yaml").read_text(encoding="utf-8"), "form_group")
    other = (ROOT / "scenarios" / "jalan-berlubang-soekarno-hatta.yaml").read_text(encoding="utf-8")
    other = _without(other, "form_group")
    grouped = "form_group: adminduk-cetak\nestimated_minutes:"
    (tmp_path / "a.yaml").write_text(base.replace("estimated_minutes:", grouped, 1), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(other.replace("estimated_minutes:", grouped, 1), encoding="utf-8")
    alone = "form_group: sendirian\nestimated_minutes:"
    (tmp_path / "c.yaml").write_text(base.replace("estimated_minutes:", alone, 1), encoding="utf-8")
    result = runner.invoke(args=["scenarios", "check", str(tmp_path)])
    assert result.exit_code == 1
    output = result.output
    line_b = _line_of(tmp_path / "b.yaml", "form_group: adminduk-cetak")
    assert (
        f"{tmp_path / 'b.yaml'}:{line_b}: form_group: form group 'adminduk-cetak': differs from a in"
        in output
    )
    assert "difficulty" in output.split("differs from a in")[1].splitlines()[0]
    line_c = _line_of(tmp_path / "c.yaml", "form_group: sendirian")
    assert (
        f"{tmp_path / 'c.yaml'}:{line_c}: form_group: form group 'sendirian' has only this scenario" in output
    )
    one_file = runner.invoke(args=["scenarios", "check", str(ROOT / "scenarios" / "ektp-belum-jadi.yaml")])
    assert one_file.exit_code == 0, one_file.output  # one file is checked with its group in the library


def test_check_validates_needs(runner: FlaskCliRunner, tmp_path: Path) -> None:
    base = _without((ROOT / "scenarios" / "ektp-belum-jadi.yaml").read_text(encoding="utf-8"), "needs")
    no_facts = base.split("facts:")[0] + "needs: [facts]\nreactions:" + base.split("\nreactions:")[1]
    (tmp_path / "d.yaml").write_text(no_facts, encoding="utf-8")
    panicking = base.replace("    temperament:", "    traits: [panicking]\n    temperament:", 1)
    (tmp_path / "e.yaml").write_text(panicking, encoding="utf-8")
    result = runner.invoke(args=["scenarios", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "needs: 'facts' needs at least one entry in facts" in result.output
    assert "needs: a panicking citizen needs 'safety'" in result.output
