"""Flask commands: db upgrade, seed-demo, scenarios check/list/schema/export/import."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import migrations
from .catalog import LoadedScenario, Problem, check_scenario_file, load_agencies, scenario_files
from .db import get_session
from .library import get_catalog
from .scenario_schema import MOODS, Scenario, form_group_problems

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
scenarios_cli = AppGroup("scenarios", help="Check and list the scenario library.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Create or migrate the database schema."""
    migrations.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}: {_safe_url(current_app.config['DATABASE_URL'])}")


@db_cli.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database schema down to REVISION (use 'base' to drop everything)."""
    migrations.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@click.command("seed-demo")
@click.option("--password", help="Password for every demo account (default: a new random one, printed).")
@with_appcontext
def seed_demo_command(password: str | None) -> None:
    """Create demo accounts, units, a cohort, two bimtek sessions and historical attempts."""
    from .demo import seed_demo

    session = get_session()
    result = seed_demo(session, get_catalog(), password)
    session.commit()
    click.echo(
        f"demo data ready: {result.created_users} new accounts, {result.historical_attempts} historical attempts"
    )
    for title in result.sessions:
        click.echo(f"  bimtek session: {title}")
    click.echo("demo logins (all use the same password):")
    click.echo("  admin, pelatih (trainer), diskominfo (reviewer), peserta1 ... peserta30 (trainees)")
    click.echo(f"  password: {result.password}")


@scenarios_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@with_appcontext
def scenarios_check(paths: tuple[Path, ...]) -> None:
    """Validate scenario files (default: the whole library); exit 1 if any is invalid."""
    directory = Path(current_app.config["SCENARIO_DIR"])
    agencies, agency_problems = load_agencies(directory)
    problems: list[Problem] = list(agency_problems)
    valid = 0
    targets = list(paths) or [directory]
    missing = [p for p in targets if not p.exists()]
    for path in missing:
        problems.append(Problem(str(path), 1, "", "no such file or directory"))
    checked = []
    for path in scenario_files(p for p in targets if p.exists()):
        loaded, found = check_scenario_file(path, agencies)
        problems += found
        valid += loaded is not None
        if loaded is not None:
            checked.append(loaded)
    for loaded, line, message in _form_group_problems(directory, agencies, checked, complete=not problems):
        problems.append(Problem(loaded.path, line, "form_group", message))
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{valid} valid scenario(s), {len(problems)} problem(s)")
    if problems:
        sys.exit(1)


def _form_group_problems(
    directory: Path, agencies: dict[str, Any], checked: list[LoadedScenario], *, complete: bool
) -> list[tuple[LoadedScenario, int, str]]:
    """Check the form groups of the checked files against the whole library (a group spans files).

    A group with a single scenario is reported only when nothing is broken (its partner may be).
    """
    library = {}
    for path in scenario_files([directory]):
        loaded, found = check_scenario_file(path, agencies)
        complete = complete and not found
        if loaded is not None:
            library[loaded.slug] = loaded
    library.update({s.slug: s for s in checked})
    grouped = form_group_problems({slug: s.scenario for slug, s in library.items()})
    found_problems = []
    for loaded in checked:
        message = grouped.get(loaded.slug)
        if message is None or ("has only this scenario" in message and not complete):
            continue
        lines = loaded.yaml_text.splitlines()
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("form_group:")), 1)
        found_problems.append((loaded, line, message))
    return found_problems


@scenarios_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def scenarios_list(as_json: bool) -> None:
    """List the valid scenarios of the library."""
    catalog = get_catalog()
    rows = [
        {
            "slug": s.slug,
            "title": s.scenario.title,
            "channel": s.scenario.channel,
            "category": s.scenario.category,
            "difficulty": s.scenario.difficulty,
            "tags": list(s.scenario.tags),
            "owner": s.scenario.ownership.owner,
            "estimated_minutes": s.scenario.estimated_minutes,
            "form_group": s.scenario.form_group,
            "free_practice": s.scenario.free_practice,
            "needs": list(s.scenario.needs),
            "action": s.scenario.ownership.action,
        }
        for s in sorted(catalog.scenarios.values(), key=lambda s: s.slug)
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['slug']:<36} {row['channel']:<11} {row['difficulty']}  {row['owner']:<15} {row['title']}"
        )
    for slug in sorted(catalog.broken):
        click.echo(f"{slug:<36} BROKEN (run 'flask --app trainer scenarios check')")


@scenarios_cli.command("schema")
def scenarios_schema() -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    click.echo(json.dumps(Scenario.model_json_schema(), ensure_ascii=False, indent=2))


@click.command("export-cohort")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-passwords", is_flag=True, help="Include password hashes (default: users must reset).")
@with_appcontext
def export_cohort_command(name: str, file: Path, with_passwords: bool) -> None:
    """Write cohort NAME with all its history to FILE (JSON)."""
    from .transfer import export_cohort

    document = _or_exit(lambda: export_cohort(get_session(), name, with_passwords=with_passwords))
    file.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    counts = ", ".join(f"{table} {len(rows)}" for table, rows in document["tables"].items() if rows)
    click.echo(f"cohort {name!r} written to {file}: {counts}")


@click.command("import-cohort")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_cohort_command(file: Path) -> None:
    """Insert a cohort exported with export-cohort into this database (new ids, nothing overwritten)."""
    from .transfer import import_cohort

    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file}: not a JSON export ({exc})") from exc
    session = get_session()
    counts = _or_exit(lambda: import_cohort(session, document))
    session.commit()
    click.echo(
        f"cohort {document['cohort']!r} imported: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n)
    )


def _or_exit(action: Any) -> Any:
    """Run `action`; turn an expected failure into a message and exit status 1."""
    from .errors import TrainerError

    try:
        return action()
    except TrainerError as exc:
        raise click.ClickException(exc.message) from exc


@scenarios_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def scenarios_export(directory: Path) -> None:
    """Write every scenario authored in the app to DIRECTORY/<slug>.yaml (its latest text)."""
    from .authoring.services import export_authored

    written = export_authored(get_session(), directory)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} authored scenario(s) exported")


@scenarios_cli.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--owner", help="Username owning new scenarios (default: the first admin).")
@with_appcontext
def scenarios_import(directory: Path, owner: str | None) -> None:
    """Import DIRECTORY/*.yaml as authored scenarios: all valid or nothing; unchanged files are skipped."""
    from sqlalchemy import select

    from .authoring.services import import_authored
    from .models import User

    session = get_session()
    query = select(User).where(User.username == owner) if owner else select(User).where(User.role == "admin")
    user = session.scalar(query.order_by(User.id).limit(1))
    if user is None or user.role not in ("trainer", "admin"):
        click.echo(f"no trainer or admin account {owner or ''} to own the scenarios".replace("  ", " "))
        sys.exit(1)
    report = import_authored(session, get_catalog(), directory, user)
    if report.problems:
        session.rollback()
        for problem in report.problems:
            click.echo(str(problem))
        click.echo(f"nothing imported: {len(report.problems)} problem(s)")
        sys.exit(1)
    session.commit()
    click.echo(
        f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


@scenarios_cli.command("play")
@click.argument("slug")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The attempt's seed (citizen and wordings)."
)
@click.option(
    "--reply", "replies", multiple=True, required=True, help="A trainee reply; repeat for each turn."
)
@click.option("--json", "as_json", is_flag=True, help="Print the conversation as JSON.")
@with_appcontext
def scenarios_play(slug: str, seed: int, replies: tuple[str, ...], as_json: bool) -> None:
    """Play SLUG with the given replies through the citizen and the scorer (no database)."""
    from .practice.conversation import play

    catalog = get_catalog()
    loaded = catalog.get(slug)
    if loaded is None:
        reason = (
            "is broken (run 'flask --app trainer scenarios check')" if slug in catalog.broken else "not found"
        )
        click.echo(f"scenario {slug!r} {reason}; see 'flask --app trainer scenarios list'", err=True)
        sys.exit(1)
    conversation = play(loaded.scenario, seed, replies)
    data = conversation.to_dict(slug)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for turn in data["turns"]:
        if turn["speaker"] == "citizen":
            click.echo(f"[warga · {turn['mood']} · {turn['trigger']}] {turn['text']}")
        else:
            points = ", ".join(f"{k} {v}" for k, v in turn["points"].items())
            flags = f"; flags: {', '.join(turn['flags'])}" if turn["flags"] else ""
            click.echo(f"[admin] {turn['text']}")
            click.echo(f"    points: {points}{flags}")
    if conversation.unplayed:
        click.echo(f"({conversation.unplayed} reply(ies) not played: the conversation had ended)")
    click.echo(f"ended: {data['end_reason']}" if data["ended"] else f"open (mood {MOODS[conversation.mood]})")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(export_cohort_command)
    app.cli.add_command(import_cohort_command)
    app.cli.add_command(db_cli)
    app.cli.add_command(scenarios_cli)
    app.cli.add_command(seed_demo_command)
    from .server import serve_command

    app.cli.add_command(serve_command)
