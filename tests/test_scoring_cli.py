"""python -m scoring batch / agreement / explain, run as real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_batch_scores_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "a",
                        "response": "Selamat pagi Bu, terima kasih atas laporannya.",
                        "channel": "lapor",
                        "extra": 1,
                    }
                ),
                "{not json",
                json.dumps(
                    {"id": "b", "response": "Itu bukan wewenang kami.", "scenario": "no-such-scenario"}
                ),
                json.dumps({"id": "c"}),
                json.dumps(
                    {
                        "id": "d",
                        "response": "Boleh kirim foto lubangnya?",
                        "scenario": "jalan-berlubang-soekarno-hatta",
                    }
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run("batch", str(source), "-o", str(out))
    assert result.returncode == 1
    assert f"{source}:2: invalid JSON" in result.stderr
    assert f"{source}:4: 'response' must be a string" in result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "d"]
    assert lines[0]["scores"]["greeting"] == 2
    assert lines[0]["total"] > 0
    assert lines[1]["flags"] == ["rejects_ownership"]
    assert lines[2]["scores"]["verification"] == 2
    assert set(lines[0]) >= {"id", "scores", "flags", "total", "evidence"}


def test_batch_from_stdin_exits_zero_when_all_lines_are_good() -> None:
    result = run("batch", "-", stdin=json.dumps({"id": 1, "response": "Nanti kami kabari."}) + "\n")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scores"]["status_followup"] == 1


def test_agreement_prints_kappa_per_criterion_and_disagreements(tmp_path: Path) -> None:
    result = run("agreement", str(ROOT / "tests" / "data" / "calibration_responses.jsonl"))
    assert result.returncode == 0, result.stderr
    for key in (
        "greeting",
        "verification",
        "empathy",
        "interim_solution",
        "status_followup",
        "mean kappa",
        "flag micro-F1",
    ):
        assert key in result.stdout
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(
        json.dumps(
            {
                "id": "x",
                "response": "Nanti kami kabari.",
                "labels": {
                    "greeting": 2,
                    "verification": 0,
                    "empathy": 0,
                    "interim_solution": 0,
                    "status_followup": 1,
                },
                "flags": [],
            }
        )
        + "\n"
    )
    result = run("agreement", str(labelled))
    assert "x\tgreeting\tlabel=2\tpredicted=0\tNanti kami kabari." in result.stdout


def test_explain_marks_the_evidence() -> None:
    result = run("explain", "Selamat pagi Bapak. Boleh kirim foto lokasinya?", "--channel", "lapor")
    assert result.returncode == 0
    assert "[[Selamat pagi]]" in result.stdout
    assert "Verifikasi informasi (verification): 2/2" in result.stdout


def test_batch_streams_a_line_out_for_each_line_in() -> None:
    command = [sys.executable, "-m", "scoring", "batch", "-"]
    with subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            for number in range(3):
                process.stdin.write(json.dumps({"id": number, "response": "Nanti kami kabari."}) + "\n")
                process.stdin.flush()
                line = process.stdout.readline()  # answered while the input is still open
                assert json.loads(line)["id"] == number
            process.stdin.close()
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()


def _labelled_line(id_: str, response: str, labels: str, flags: list[str], pattern: str) -> str:
    keys = ("greeting", "verification", "empathy", "interim_solution", "status_followup")
    return json.dumps(
        {
            "id": id_,
            "channel": "sambat",
            "complaint": "Sampah di TPS belum diangkut seminggu.",
            "response": response,
            "labels": dict(zip(keys, (int(c) for c in labels), strict=True)),
            "flags": flags,
            "pattern": pattern,
        }
    )


def test_agreement_prints_confusion_matrices_and_groups_disagreements_by_pattern(tmp_path: Path) -> None:
    labelled = tmp_path / "l.jsonl"
    lines = [
        # the scorer gives greeting 0 here: a labelled 2 lands in row "label 2", column 0
        _labelled_line("a", "Nanti kami kabari.", "20001", [], "vague template"),
        _labelled_line("b", "Itu bukan wewenang kami.", "00000", [], "refusal"),  # flag FP
        _labelled_line("c", "Baik Bu, akan kami angkut.", "10010", [], "refusal"),  # agrees
    ]
    labelled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run("agreement", str(labelled)).stdout
    assert "Confusion matrices (rows: label, columns: scorer)" in out
    matrices = out[out.index("Confusion matrices") :]
    greeting = matrices[matrices.index("greeting") :].splitlines()
    assert greeting[1].split()[-3:] == ["1", "0", "0"]  # label 0 ("b") scored 0
    assert greeting[2].split()[-3:] == ["0", "1", "0"]  # label 1 ("c") scored 1
    assert greeting[3].split()[-3:] == ["1", "0", "0"]  # label 2 ("a") scored 0
    flag_row = next(line for line in out.splitlines() if line.startswith("rejects_ownership"))
    assert flag_row.split()[1:] == ["0", "1", "0", "2"]  # TP FP FN TN
    assert "## vague template (1)" in out
    assert "## refusal (1)" in out
    section = out[out.index("## refusal") :]
    assert "b\tflags\tlabel=[]\tpredicted=['rejects_ownership']" in section
    assert "c\t" not in out  # an agreeing item is listed nowhere


def test_explain_lists_each_sentence_with_its_roles_and_the_rule_that_fired() -> None:
    reply = (
        "Kami sangat prihatin dengan ulah warga yang membuang sampah sembarangan. "
        "Besok pagi petugas DLH mengangkut sampahnya. Apakah Ibu merasa terganggu?"
    )
    out = run("explain", reply, "--channel", "sambat").stdout
    per_sentence = out[out.index("Per sentence") :]
    first, second, third = per_sentence.split("\n[")[1:4]
    assert first.startswith("1] Kami sangat prihatin")
    assert "office speaks" in first
    assert "blames_citizen: the citizen or the public as the wrongdoer" in first
    assert second.startswith("2] Besok pagi petugas DLH")
    assert "interim_solution: 2: an action with a time" in second
    assert third.startswith("3] Apakah Ibu merasa terganggu?")
    assert "roles: question" in third
