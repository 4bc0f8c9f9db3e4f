"""What the per-round rule tests (tests/test_scoring_real_probe*.py) share: scoring replies to one complaint."""

from __future__ import annotations

from collections.abc import Callable

from scoring import Context, Result, score


def scorer(complaint: str) -> Callable[..., Result]:
    """Return a function that scores a reply to `complaint` on a channel (social media by default)."""

    def _score(reply: str, channel: str = "social") -> Result:
        return score(reply, Context(complaint=complaint, channel=channel))

    return _score
