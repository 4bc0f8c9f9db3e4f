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
