"""The in-repo copies of the shared calibration sets stay byte-identical to the shared originals."""

from __future__ import annotations

import pytest

from .conftest import ROOT

DATA = ROOT / "tests" / "data"
SHARED_CALIBRATION = ROOT.parent / "shared" / "calibration"
# in-repo copy -> the shared original it must equal
COPIES = {
    "calibration_responses.jsonl": "responses.jsonl",
    "real_dev.jsonl": "real_dev.jsonl",
}


@pytest.mark.parametrize(("copy", "original"), COPIES.items(), ids=list(COPIES))
def test_in_repo_copy_is_identical_to_the_shared_original(copy: str, original: str) -> None:
    source = SHARED_CALIBRATION / original
    if not source.exists():
        pytest.skip(f"no shared calibration beside the repository ({source}); the copy is used alone")
    assert (DATA / copy).read_bytes() == source.read_bytes(), (
        f"tests/data/{copy} differs from {source}: the shared file is the labelled original; "
        f"copy it again (cp {source} tests/data/{copy}) and re-run the agreement tests"
    )


def test_every_labelled_set_has_the_calibration_fields() -> None:
    import json

    for path in sorted(DATA.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            row = json.loads(line)
            where = f"{path.name}:{number}"
            assert {"id", "channel", "complaint", "response", "labels", "flags"} <= set(row), where
            assert set(row["labels"]) == {
                "greeting",
                "verification",
                "empathy",
                "interim_solution",
                "status_followup",
            }, where
            assert all(v in (0, 1, 2) for v in row["labels"].values()), where
