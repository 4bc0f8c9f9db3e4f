"""The in-repo copies of the shared calibration sets are byte-identical to the originals they copy.

No test reads outside the repository: each copy is pinned to the SHA-256 of the shared original it
was taken from. When the shared set changes, copy it again into tests/data/ and update the digest
here; `sha256sum shared/calibration/<file>` (from the folder that holds the repository) prints it.
"""

from __future__ import annotations

import hashlib

import pytest

from .conftest import ROOT

DATA = ROOT / "tests" / "data"
# in-repo copy -> (the shared original it copies, that original's SHA-256 when it was copied)
COPIES = {
    "calibration_responses.jsonl": (
        "calibration/responses.jsonl",
        "5019cf2fab57c53e7d95156930d4d0a9d0caea2c387e00a44b661726b8f8286c",
    ),
    "real_dev.jsonl": (
        "calibration/real_dev.jsonl",
        "d62e63889168ebfdeb45cce2b0dec9a6ad3652ca65f2e4ee0d6ade0bd81e3426",
    ),
}


@pytest.mark.parametrize("copy", list(COPIES))
def test_in_repo_copy_is_identical_to_the_shared_original(copy: str) -> None:
    original, digest = COPIES[copy]
    assert hashlib.sha256((DATA / copy).read_bytes()).hexdigest() == digest, (
        f"tests/data/{copy} is no longer the shared {original} it was copied from: the shared file is "
        f"the labelled original; copy it again into tests/data/{copy}, put its SHA-256 in COPIES, and "
        "re-run the agreement tests"
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
