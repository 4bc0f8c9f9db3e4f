"""Authoring operations: validate, store and publish scenarios, live checks, preview, library.

Services take the session first, enforce the rules, flush, and never commit. Scenario text is
always checked by `catalog.check_scenario_text`, the same code as `flask scenarios check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from scoring import CRITERIA, Result, default_rubric

from ..catalog import (
    Catalog,
    LoadedScenario,
    Problem,
    YamlProblems,
    check_scenario_file,
    check_scenario_text,
    content_hash,
    read_yaml,
)
from ..errors import Forbidden, NotFound, TrainerError
from ..identity import Citizen, fill, render_citizen
from ..models import Attempt, AuthoredScenario, AuthoredVersion, ScenarioVersion, User, utcnow
from ..practice import conversation, grading
from ..practice import services as practice
from ..scenario_schema import Scenario

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
MAX_REPLY_CHARS = practice.MAX_REPLY_CHARS
RESERVED_SLUGS = frozenset({"baru"})  # /skenario/baru is the new-scenario page
PREVIEW_SEED = 1


def _(text: str, **values: Any) -> str:
    from flask_babel import gettext

    return gettext(text, **values)


class ScenarioInvalid(TrainerError):
    """The scenario text does not pass validation or the publishing gate."""

    status = 422

    def __init__(self, message: str, check: Check | None = None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.check = check


# --- live checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelAnswerCheck:
    """The scorer's verdict on the model answer, with the scenario as context."""

    points: dict[str, int]
    flags: list[str]
    total: int

    @property
    def ready(self) -> bool:
        """True when the model answer earns 2 on every criterion and raises no flag."""
        return all(self.points[k] == 2 for k in CRITERIA) and not self.flags


@dataclass(frozen=True)
class FactCheck:
    """How one fact's reveal words behave in sample questions."""

    key: str
    label: str
    working: list[str]  # a sample question with the word reveals the fact
    failing: list[str]  # ... does not (the scorer cannot match the word as written)
    also_reveals: dict[str, list[str]]  # word -> other facts its sample question reveals too
    too_common: bool  # a question without any reveal word already reveals the fact

    @property
    def ok(self) -> bool:
        return bool(self.working) and not self.failing and not self.too_common


@dataclass
class Check:
    """A scenario text checked: its problems, and the live checks when it is valid."""

    slug: str
    yaml_text: str
    loaded: LoadedScenario | None
    problems: list[Problem] = field(default_factory=list)
    model_answer: ModelAnswerCheck | None = None
    facts: list[FactCheck] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.loaded is not None and not self.problems

    @property
    def publishable(self) -> bool:
        return self.valid and self.model_answer is not None and self.model_answer.ready


def criterion_labels() -> dict[str, str]:
    """Return the Indonesian label of each rubric criterion and flag."""
    spec = default_rubric().spec
    labels = {key: spec.criteria[key].label.id for key in CRITERIA}
    labels.update({key: flag.label.id for key, flag in spec.flags.items()})
    return labels


def _opening(scenario: Scenario) -> str:
    return fill(scenario.opening.text, render_citizen(scenario, PREVIEW_SEED))


def check_model_answer(scenario: Scenario) -> ModelAnswerCheck:
    """Score the model answer as a trainee's first reply to this scenario."""
    result = conversation.score_reply(scenario, _opening(scenario), scenario.model_answer)
    return ModelAnswerCheck(dict(result.points), list(result.flags), result.total)


#: Questions a trainee may ask that name no particular fact: none should reveal one.
GENERIC_QUESTIONS = (
    "Mohon maaf, boleh kami tahu lebih lanjut yang Bapak/Ibu maksud?",
    "Baik, ada lagi yang ingin disampaikan?",
)


def sample_question(word: str) -> str:
    """Return the question used to test one reveal word."""
    return f"Mohon maaf, boleh kami tahu {word} yang Bapak/Ibu maksud?"


def asked_by_question(scenario: Scenario, question: str) -> list[str]:
    """Return the keys of the facts a question would reveal."""
    return list(conversation.score_reply(scenario, _opening(scenario), question).asked_facts)


def check_facts(scenario: Scenario) -> list[FactCheck]:
    """Ask a sample question per reveal word, and generic questions, and see what they reveal."""
    generic = {key for question in GENERIC_QUESTIONS for key in asked_by_question(scenario, question)}
    checks = []
    for fact in scenario.facts:
        working, failing, also = [], [], {}
        for word in fact.asked_by:
            asked = asked_by_question(scenario, sample_question(word))
            (working if fact.key in asked else failing).append(word)
            others = [k for k in asked if k != fact.key and k not in generic]
            if others:
                also[word] = others
        checks.append(FactCheck(fact.key, fact.label, working, failing, also, fact.key in generic))
    return checks


def check_text(catalog: Catalog, slug: str, text: str) -> Check:
    """Validate a scenario text like `scenarios check` does, then run the live checks."""
    loaded, problems = check_scenario_text(text, f"{slug or 'skenario'}.yaml", slug, catalog.agencies)
    check = Check(slug, text, loaded, problems)
    if loaded is not None:
        check.model_answer = check_model_answer(loaded.scenario)
        check.facts = check_facts(loaded.scenario)
    return check


# --- access and slugs ----------------------------------------------------------------------


def get_authored_or_404(session: Session, slug: str) -> AuthoredScenario:
    """Return an authored scenario by slug (any trainer may read it), else NotFound."""
    found = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == slug))
    if found is None:
        raise NotFound(_("Skenario tidak ditemukan."))
    return found


def authored_for_write_or_404(session: Session, user: User, slug: str) -> AuthoredScenario:
    """Return an authored scenario the user may change: its owner, or an admin (403 otherwise)."""
    found = get_authored_or_404(session, slug)
    if found.owner_id != user.id and user.role != "admin":
        raise Forbidden(_("Skenario ini milik pelatih lain; buat salinannya untuk mengubah."))
    return found


def validate_slug(session: Session, catalog: Catalog, slug: str) -> str:
    """Return a well-formed slug not used by a bundled file or another authored scenario."""
    slug = (slug or "").strip()
    if not slug:
        raise TrainerError(_("Isi slug (nama pendek skenario)."), field="slug")
    if slug in RESERVED_SLUGS:
        raise TrainerError(_("Slug %(slug)s dipakai aplikasi; pilih yang lain.", slug=slug), field="slug")
    if len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        raise TrainerError(
            _("Slug hanya huruf kecil, angka dan tanda '-', paling banyak %(n)d karakter.", n=SLUG_MAX),
            field="slug",
        )
    taken = slug in catalog.scenarios or slug in catalog.broken
    taken = (
        taken or session.scalar(select(AuthoredScenario.id).where(AuthoredScenario.slug == slug)) is not None
    )
    if taken:
        raise TrainerError(_("Slug %(slug)s sudah dipakai skenario lain.", slug=slug), field="slug")
    return slug


# --- storage ---------------------------------------------------------------------------------


def latest_version(authored: AuthoredScenario) -> AuthoredVersion:
    """Return the newest saved text of an authored scenario."""
    return authored.versions[-1]


def _require_valid(catalog: Catalog, slug: str, text: str, *, publishing: bool) -> LoadedScenario:
    check = check_text(catalog, slug, text)
    if check.loaded is None or check.problems:
        raise ScenarioInvalid(_("Skenario belum sah; perbaiki kesalahan yang ditandai."), check)
    if publishing and not check.publishable:
        raise ScenarioInvalid(publish_refusal(check), check, field="model_answer")
    return check.loaded


def publish_refusal(check: Check) -> str:
    """Explain why a valid scenario cannot be published yet."""
    answer = check.model_answer
    short = [k for k in CRITERIA if answer is not None and answer.points[k] < 2]
    parts = []
    labels = criterion_labels()
    if short:
        parts.append(_("poin di bawah 2: %(criteria)s", criteria=", ".join(labels[k] for k in short)))
    if answer is not None and answer.flags:
        parts.append(
            _("tanda pelanggaran: %(flags)s", flags=", ".join(labels.get(f, f) for f in answer.flags))
        )
    return _(
        "Belum bisa diterbitkan: jawaban teladan harus mendapat 2 di kelima kriteria tanpa tanda (%(why)s).",
        why="; ".join(parts),
    )


def create_scenario(session: Session, catalog: Catalog, user: User, slug: str, text: str) -> AuthoredScenario:
    """Store a new draft scenario (the text must be valid; the slug unused)."""
    slug = validate_slug(session, catalog, slug)
    loaded = _require_valid(catalog, slug, text, publishing=False)
    now = utcnow()
    authored = AuthoredScenario(
        slug=slug, title=loaded.scenario.title, owner=user, status="draft", created_at=now, updated_at=now
    )
    authored.versions.append(
        AuthoredVersion(
            number=1, yaml_text=text, content_hash=content_hash(text), author=user, created_at=now
        )
    )
    session.add(authored)
    session.flush()
    return authored


def save_scenario(
    session: Session,
    catalog: Catalog,
    user: User,
    authored: AuthoredScenario,
    text: str,
    *,
    publish: bool = False,
) -> AuthoredVersion:
    """Save a new text: a draft's text is replaced, a published scenario gets a new version.

    A published scenario (or one being published) must pass the publishing gate; nothing is
    changed when it does not.
    """
    publishing = publish or authored.status == "published"
    loaded = _require_valid(catalog, authored.slug, text, publishing=publishing)
    now = utcnow()
    latest = latest_version(authored)
    digest = content_hash(text)
    if digest != latest.content_hash:
        if authored.status == "draft":
            latest.yaml_text, latest.content_hash, latest.author, latest.created_at = text, digest, user, now
        else:
            latest = AuthoredVersion(
                number=latest.number + 1, yaml_text=text, content_hash=digest, author=user, created_at=now
            )
            authored.versions.append(latest)
    authored.title = loaded.scenario.title
    if publish:
        authored.status = "published"
    authored.updated_at = now
    session.flush()
    return latest


def publish_scenario(session: Session, catalog: Catalog, user: User, authored: AuthoredScenario) -> None:
    """Publish the latest saved text, if its model answer passes the gate."""
    save_scenario(session, catalog, user, authored, latest_version(authored).yaml_text, publish=True)


def version_or_404(authored: AuthoredScenario, number: int) -> AuthoredVersion:
    """Return one numbered version of an authored scenario."""
    for version in authored.versions:
        if version.number == number:
            return version
    raise NotFound(_("Versi tidak ditemukan."))


def source_text(session: Session, catalog: Catalog, slug: str) -> str:
    """Return the text to start a copy from: an authored scenario's latest or a bundled file."""
    authored = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == slug))
    if authored is not None:
        return latest_version(authored).yaml_text
    loaded = catalog.get(slug)
    if loaded is not None:
        return loaded.yaml_text
    if slug in catalog.broken:
        path = Path(catalog.directory) / f"{slug}.yaml"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    raise NotFound(_("Skenario tidak ditemukan."))


def data_of(text: str) -> dict[str, Any] | None:
    """Return the YAML data of a text when it is a readable mapping, else None."""
    try:
        data, _marks = read_yaml(text, "skenario.yaml")
    except YamlProblems:
        return None
    return data if isinstance(data, dict) else None


# --- library ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryRow:
    """One scenario of the library page."""

    slug: str
    title: str
    source: str  # "file" or "app"
    status: str  # "valid", "broken", "draft", "published"
    channel: str | None
    difficulty: int | None
    tags: list[str]
    agency: str | None
    author: str | None
    problems: list[Problem]
    attempts: int
    average: float | None
    editable: bool


def attempt_stats(session: Session) -> dict[str, tuple[int, float | None]]:
    """Return {slug: (attempts, average total of the finished ones)} in one GROUP BY query."""
    rows = session.execute(
        select(ScenarioVersion.slug, func.count(Attempt.id), func.avg(Attempt.total))
        .join(Attempt, Attempt.scenario_version_id == ScenarioVersion.id)
        .group_by(ScenarioVersion.slug)
    ).all()
    return {slug: (count, float(avg) if avg is not None else None) for slug, count, avg in rows}


def latest_versions(session: Session) -> list[tuple[AuthoredScenario, AuthoredVersion]]:
    """Return every authored scenario with its latest version and owner, in one query."""
    latest = (
        select(AuthoredVersion.scenario_id, func.max(AuthoredVersion.number).label("number"))
        .group_by(AuthoredVersion.scenario_id)
        .subquery()
    )
    rows = session.execute(
        select(AuthoredScenario, AuthoredVersion)
        .join(AuthoredVersion, AuthoredVersion.scenario_id == AuthoredScenario.id)
        .join(
            latest,
            (latest.c.scenario_id == AuthoredVersion.scenario_id)
            & (latest.c.number == AuthoredVersion.number),
        )
        .options(joinedload(AuthoredScenario.owner))
        .order_by(AuthoredScenario.slug)
    ).all()
    return [(scenario, version) for scenario, version in rows]


@lru_cache(maxsize=512)
def _cached_check(slug: str, digest: str, text: str, agencies: tuple[str, ...]) -> tuple[Any, list[Problem]]:
    # Only the agency codes matter to validation, and a tuple of them can be a cache key.
    return check_scenario_text(text, f"{slug}.yaml", slug, dict.fromkeys(agencies))  # type: ignore[arg-type]


def library(session: Session, catalog: Catalog, user: User) -> list[LibraryRow]:
    """Return every scenario, bundled (valid or broken) and authored, with its attempt figures."""
    stats = attempt_stats(session)
    rows: list[LibraryRow] = []
    authored = latest_versions(session)
    authored_slugs = {a.slug for a, _version in authored}
    for slug, loaded in catalog.scenarios.items():
        if slug in authored_slugs:
            continue
        rows.append(_row(slug, loaded, [], "file", "valid", None, stats, editable=False))
    for slug, problems in catalog.broken.items():
        if slug not in authored_slugs:
            rows.append(_row(slug, None, problems, "file", "broken", None, stats, editable=False))
    codes = tuple(sorted(catalog.agencies))
    for item, version in authored:
        loaded, problems = _cached_check(item.slug, version.content_hash, version.yaml_text, codes)
        status = item.status if loaded is not None else "broken"
        editable = item.owner_id == user.id or user.role == "admin"
        rows.append(_row(item.slug, loaded, problems, "app", status, item, stats, editable=editable))
    return sorted(rows, key=lambda r: (r.status != "broken", r.title.lower()))


def _row(
    slug: str,
    loaded: LoadedScenario | None,
    problems: list[Problem],
    source: str,
    status: str,
    authored: AuthoredScenario | None,
    stats: dict[str, tuple[int, float | None]],
    *,
    editable: bool,
) -> LibraryRow:
    scenario = loaded.scenario if loaded is not None else None
    count, average = stats.get(slug, (0, None))
    return LibraryRow(
        slug=slug,
        title=scenario.title if scenario else (authored.title if authored else slug),
        source=source,
        status=status,
        channel=scenario.channel if scenario else None,
        difficulty=scenario.difficulty if scenario else None,
        tags=list(scenario.tags) if scenario else [],
        agency=scenario.ownership.owner if scenario else None,
        author=authored.owner.display_name if authored else None,
        problems=problems,
        attempts=count,
        average=average,
        editable=editable,
    )


# --- preview ---------------------------------------------------------------------------------


@dataclass
class Preview:
    """A draft played as a trainee would, rebuilt from the replies carried in the form."""

    scenario: Scenario
    citizen: Citizen
    transcript: list[tuple[str, str]]  # (speaker, text)
    notes: list[str]  # per citizen answer: which reaction fired and which facts it revealed (for the author)
    mood: int
    ended: bool
    end_reason: str | None
    results: list[Result]


def play_preview(scenario: Scenario, replies: list[str], seed: int = PREVIEW_SEED) -> Preview:
    """Replay a conversation from its replies through the practice engine; nothing is stored."""
    played = conversation.play(scenario, seed, replies)
    transcript = [("citizen", played.opening)]
    notes: list[str] = []
    for step in played.steps:
        transcript += [("trainee", step.reply), ("citizen", step.message)]
        notes.append(" · ".join([step.trigger, *step.revealed]))
    results = [step.result for step in played.steps]
    return Preview(
        scenario, played.citizen, transcript, notes, played.mood, played.ended, played.end_reason, results
    )


def preview_scenario(session: Session, catalog: Catalog, slug: str) -> Scenario:
    """Return what a preview plays: an authored scenario's latest saved text, or a library scenario."""
    authored = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == slug))
    if authored is not None:
        text = latest_version(authored).yaml_text
        loaded, _problems = check_scenario_text(text, f"{slug}.yaml", slug, catalog.agencies)
        if loaded is None:
            raise TrainerError(_("Skenario ini belum sah; perbaiki dan simpan dulu sebelum pratinjau."))
        return loaded.scenario
    found = catalog.get(slug)
    if found is None:
        raise NotFound(_("Skenario tidak ditemukan."))
    return found.scenario


def validate_preview_reply(text: str) -> str:
    """Return a reply fit to send, or raise a TrainerError naming the field (as in practice)."""
    return practice.validate_reply(text)


def preview_feedback(preview: Preview, action: str, agency: str) -> dict[str, Any]:
    """Grade a finished preview with the attempt rule, the routing verdict and the total."""
    if not preview.results:
        raise TrainerError(
            _("Kirim setidaknya satu balasan kepada warga sebelum menyelesaikan."), field="reply"
        )
    graded = grading.aggregate([r.points for r in preview.results], [r.flags for r in preview.results])
    verdict = grading.routing_verdict(preview.scenario, action, agency)
    communication = grading.communication_score(graded)
    return {
        "points": graded.points,
        "flags": graded.flags,
        "verdict": verdict,
        "communication": communication,
        "total": grading.attempt_total(communication, verdict),
    }


# --- export and import -------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What `scenarios import` did, or the problems that stopped it."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def export_authored(session: Session, directory: Path) -> list[Path]:
    """Write every authored scenario's latest text to DIRECTORY/<slug>.yaml."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for authored in session.scalars(select(AuthoredScenario).order_by(AuthoredScenario.slug)):
        path = directory / f"{authored.slug}.yaml"
        path.write_text(latest_version(authored).yaml_text, encoding="utf-8")
        written.append(path)
    return written


def import_authored(session: Session, catalog: Catalog, directory: Path, owner: User) -> ImportReport:
    """Validate every file first; import nothing if one is wrong; store only what changed."""
    report = ImportReport()
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "agencies.yaml")
    checked: list[tuple[Path, str]] = []
    for path in files:
        loaded, problems = check_scenario_file(path, catalog.agencies)
        report.problems += problems
        slug = path.stem
        if loaded is not None and (slug in catalog.scenarios or slug in catalog.broken):
            authored = session.scalar(select(AuthoredScenario.id).where(AuthoredScenario.slug == slug))
            if authored is None:
                report.problems.append(
                    Problem(str(path), 1, "", "the slug belongs to a bundled scenario file")
                )
        if loaded is not None:
            checked.append((path, loaded.yaml_text))
    if report.problems:
        return report
    for path, text in checked:
        slug = path.stem
        existing = session.scalar(select(AuthoredScenario).where(AuthoredScenario.slug == slug))
        try:
            if existing is None:
                create_scenario(session, catalog, owner, slug, text)
                report.created.append(slug)
            elif latest_version(existing).content_hash == content_hash(text):
                report.unchanged.append(slug)
            else:
                save_scenario(session, catalog, owner, existing, text)
                report.updated.append(slug)
        except ScenarioInvalid as exc:
            report.problems.append(Problem(str(path), 1, "model_answer", exc.message))
    return report
