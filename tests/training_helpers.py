"""Builders shared by the trainer-workspace tests: cohorts with staff, finished attempts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from trainer.models import Attempt, BimtekSession, Cohort, CohortMember, User
from trainer.practice import services as practice

from . import factories

SLUG = "jalan-berlubang-soekarno-hatta"
SECOND = "pohon-tumbang-ijen"
FIRST_REPLY = "Selamat pagi Bapak, saya Dimas dari DPUPR-PKP. Di titik mana lubangnya?"
SECOND_REPLY = "Mohon maaf teman Bapak sampai jatuh, semoga lekas pulih. Nanti kami kabari."


@dataclass
class World:
    """Two cohorts: A (trainer, reviewer, trainee, an open session) and B (its own trainer)."""

    cohort: Cohort
    other: Cohort
    trainer: User
    other_trainer: User
    reviewer: User
    trainee: User
    bimtek: BimtekSession
    other_bimtek: BimtekSession
    other_trainee: User


def member(session: Session, cohort: Cohort, user: User, role: str) -> None:
    session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, role=role))
    session.flush()


def make_world(session: Session) -> World:
    cohort, other = factories.make_cohort(session), factories.make_cohort(session)
    trainer, other_trainer = factories.make_user(session, "trainer"), factories.make_user(session, "trainer")
    reviewer = factories.make_user(session, "reviewer")
    member(session, cohort, trainer, "trainer")
    member(session, cohort, reviewer, "reviewer")
    member(session, other, other_trainer, "trainer")
    bimtek = factories.make_bimtek(session, cohort, [SLUG, SECOND])
    other_bimtek = factories.make_bimtek(session, other, [SLUG])
    trainee = factories.make_user(session, "trainee", cohort=cohort)
    other_trainee = factories.make_user(session, "trainee", cohort=other)
    session.commit()
    return World(
        cohort, other, trainer, other_trainer, reviewer, trainee, bimtek, other_bimtek, other_trainee
    )


def finished_attempt(session: Session, catalog: Any, trainee: User, slug: str = SLUG, **kw: Any) -> Attempt:
    attempt = practice.start_attempt(session, catalog, trainee, slug, seed=5)
    practice.submit_reply(session, attempt, FIRST_REPLY, "t1")
    practice.submit_reply(session, attempt, SECOND_REPLY, "t2")
    ownership = catalog.get(slug).scenario.ownership  # the correct disposisi
    practice.finish_attempt(session, catalog.agencies, attempt, ownership.action, ownership.owner, [], **kw)
    session.commit()
    return attempt
