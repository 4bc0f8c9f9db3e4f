"""Authoring services on a real database: storage, versions, validation, publishing, catalogue,
library figures, preview and export/import."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.authoring import forms, services
from trainer.catalog import read_yaml
from trainer.errors import Forbidden, TrainerError
from trainer.identity import fill
from trainer.library import get_catalog
from trainer.models import Attempt, AuthoredScenario, AuthoredVersion
from trainer.practice import services as practice
from trainer.scenario_schema import as_lines

from . import factories
from .conftest import ROOT, make_test_app

SOURCE = (ROOT / "scenarios" / "pohon-tumbang-ijen.yaml").read_text(encoding="utf-8")
WEAK_ANSWER = "Baik, laporan akan kami teruskan ke dinas terkait."


def variant(**changes: Any) -> str:
    """The source scenario with some top-level keys changed, as YAML text."""
    data, _marks = read_yaml(SOURCE, "x.yaml")
    data.update(changes)
    return forms.dump_yaml(data)


@pytest.fixture
def trainer(session: Session) -> Any:
    user = factories.make_user(session, "trainer")
    session.commit()
    return user


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_new_scenario_is_stored_as_a_draft_with_one_version(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    authored = services.create_scenario(session, get_catalog(), trainer, "pohon-baru", SOURCE)
    session.commit()
    assert authored.status == "draft"
    assert authored.owner_id == trainer.id
    assert [v.number for v in authored.versions] == [1]
    assert authored.versions[0].yaml_text == SOURCE
    assert authored.title.startswith("Pohon tumbang")


def test_saving_a_draft_replaces_its_text_but_a_published_one_gets_new_versions(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    catalog = get_catalog()
    authored = services.create_scenario(session, catalog, trainer, "pohon-baru", SOURCE)
    services.save_scenario(session, catalog, trainer, authored, variant(title="Draf kedua"))
    assert [v.number for v in authored.versions] == [1]
    assert "Draf kedua" in authored.versions[0].yaml_text
    services.publish_scenario(session, catalog, trainer, authored)
    assert authored.status == "published"
    services.save_scenario(session, catalog, trainer, authored, variant(title="Terbit kedua"))
    services.save_scenario(session, catalog, trainer, authored, variant(title="Terbit kedua"))  # unchanged
    session.commit()
    assert [v.number for v in authored.versions] == [1, 2]
    assert "Draf kedua" in authored.versions[0].yaml_text  # the published text is kept
    assert authored.title == "Terbit kedua"


def test_an_invalid_text_is_refused_with_located_problems_and_nothing_stored(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    text = SOURCE.replace("mood: angry", "mood: ngamuk")
    with pytest.raises(services.ScenarioInvalid) as caught:
        services.create_scenario(session, get_catalog(), trainer, "pohon-rusak", text)
    problems = caught.value.check.problems if caught.value.check else []
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if "mood: ngamuk" in t)
    assert [(p.key, p.line) for p in problems] == [("citizen.mood", line)]
    session.rollback()
    assert _count(session, AuthoredScenario) == 0


def test_a_form_error_lands_on_its_field(app_ctx: None) -> None:
    data, _marks = read_yaml(SOURCE, "x.yaml")
    values = forms.values_from_data(data)
    values["citizen.mood"] = ""
    values["facts.1.asked_by"] = ""
    text = forms.dump_yaml(forms.data_from_values(values))
    check = services.check_text(get_catalog(), "x", text)
    names = forms.field_names(values)
    assert {forms.field_for(p.key, names) for p in check.problems} == {"citizen.mood", "facts.1.asked_by"}


def test_publishing_needs_two_points_on_every_criterion_and_no_flag(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    catalog = get_catalog()
    authored = services.create_scenario(
        session, catalog, trainer, "pohon-lemah", variant(model_answer=WEAK_ANSWER)
    )
    with pytest.raises(services.ScenarioInvalid, match="Belum bisa diterbitkan") as caught:
        services.publish_scenario(session, catalog, trainer, authored)
    assert "Solusi sementara" in caught.value.message  # names what falls short
    assert caught.value.field == "model_answer"
    assert authored.status == "draft"
    rude = variant(
        model_answer=SOURCE.split("model_answer: >-\n")[1].split("trainer_notes")[0] + " Dasar bodoh."
    )
    check = services.check_text(catalog, "x", rude)
    assert check.model_answer is not None
    assert check.model_answer.flags
    assert not check.publishable


def test_a_published_scenario_cannot_be_saved_with_a_failing_model_answer(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    catalog = get_catalog()
    authored = services.create_scenario(session, catalog, trainer, "pohon-terbit", SOURCE)
    services.publish_scenario(session, catalog, trainer, authored)
    with pytest.raises(services.ScenarioInvalid):
        services.save_scenario(session, catalog, trainer, authored, variant(model_answer=WEAK_ANSWER))
    assert len(authored.versions) == 1


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("pohon-tumbang-ijen", "sudah dipakai"),  # a bundled file
        ("sudah-ada", "sudah dipakai"),  # another authored scenario
        ("Huruf Besar", "huruf kecil"),
        ("baru", "dipakai aplikasi"),
        ("", "Isi slug"),
    ],
)
def test_bad_or_duplicate_slugs_are_refused(
    app_ctx: None, session: Session, trainer: Any, slug: str, message: str
) -> None:
    services.create_scenario(session, get_catalog(), trainer, "sudah-ada", SOURCE)
    with pytest.raises(TrainerError, match=message) as caught:
        services.create_scenario(session, get_catalog(), trainer, slug, SOURCE)
    assert caught.value.field == "slug"


def test_only_the_owner_or_an_admin_may_change_a_scenario(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    services.create_scenario(session, get_catalog(), trainer, "milik-saya", SOURCE)
    other = factories.make_user(session, "trainer")
    admin = factories.make_user(session, "admin")
    with pytest.raises(Forbidden):
        services.authored_for_write_or_404(session, other, "milik-saya")
    assert services.authored_for_write_or_404(session, admin, "milik-saya").slug == "milik-saya"


def test_published_scenarios_join_the_catalogue_and_trainees_can_practise_them(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    authored = services.create_scenario(session, get_catalog(), trainer, "pohon-app", SOURCE)
    session.commit()
    assert get_catalog().get("pohon-app") is None  # a draft is not offered
    services.publish_scenario(session, get_catalog(), trainer, authored)
    session.commit()
    catalog = get_catalog()
    assert catalog.get("pohon-app") is not None
    assert "pohon-app" in [s.slug for s in catalog.free_practice()]
    trainee = factories.make_user(session, "trainee")
    attempt = practice.start_attempt(session, catalog, trainee, "pohon-app")
    session.commit()
    services.save_scenario(session, catalog, trainer, authored, variant(title="Judul baru terbit"))
    session.commit()
    assert get_catalog().scenarios["pohon-app"].scenario.title == "Judul baru terbit"
    assert practice.case_of(attempt).scenario.title.startswith(
        "Pohon tumbang"
    )  # the attempt keeps its version


def test_another_worker_sees_a_publication_at_once(database_url: str, session: Session, trainer: Any) -> None:
    first, second = make_test_app(database_url), make_test_app(database_url)
    try:
        with second.app_context():
            assert get_catalog().get("pohon-app") is None
        with first.app_context():
            authored = services.create_scenario(session, get_catalog(), trainer, "pohon-app", SOURCE)
            services.publish_scenario(session, get_catalog(), trainer, authored)
            session.commit()
        with second.app_context():
            assert get_catalog().get("pohon-app") is not None
    finally:
        first.extensions["engine"].dispose()
        second.extensions["engine"].dispose()


@pytest.fixture
def broken_library(tmp_path: Path, database_url: str) -> Any:
    directory = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", directory)
    (directory / "rusak.yaml").write_text(
        SOURCE.replace("channel: social", "channel: merpati"), encoding="utf-8"
    )
    application = make_test_app(database_url, SCENARIO_DIR=str(directory))
    with application.app_context():
        yield application
    application.extensions["engine"].dispose()


def test_library_lists_broken_files_with_problems_and_attempt_figures(
    broken_library: Flask, session: Session, trainer: Any
) -> None:
    catalog = get_catalog()
    services.create_scenario(session, catalog, trainer, "draf-saya", SOURCE)
    trainee = factories.make_user(session, "trainee")
    totals = []
    for reply in ("Selamat pagi, mohon maaf. Di titik mana persisnya?", "Itu bukan urusan kami."):
        attempt = practice.start_attempt(session, catalog, trainee, "jalan-berlubang-soekarno-hatta")
        practice.submit_reply(session, attempt, reply, token=reply[:10])
        practice.finish_attempt(session, catalog.agencies, attempt, "verifikasi", "DPUPR-PKP", [])
        totals.append(attempt.total)
    practice.start_attempt(session, catalog, trainee, "jalan-berlubang-soekarno-hatta")  # unfinished
    session.commit()
    rows = {r.slug: r for r in services.library(session, catalog, trainer)}
    broken = rows["rusak"]
    assert broken.status == "broken"
    assert broken.source == "file"
    assert [p.key for p in broken.problems] == ["channel"]
    assert broken.problems[0].line == 2
    assert rows["draf-saya"].status == "draft"
    assert rows["draf-saya"].source == "app"
    assert rows["draf-saya"].editable
    played = rows["jalan-berlubang-soekarno-hatta"]
    assert played.attempts == 3
    assert played.average == pytest.approx(sum(totals) / 2)
    assert rows["pohon-tumbang-ijen"].attempts == 0
    assert rows["pohon-tumbang-ijen"].average is None


def test_fact_checks_flag_reveal_words_that_any_question_would_hit(app_ctx: None) -> None:
    data, _marks = read_yaml(SOURCE, "x.yaml")
    data["facts"][0]["asked_by"] = ["lokasi", "kami"]  # "kami" is in almost every question
    data["facts"][1]["asked_by"] = ["kabel", "luka"]  # shared with the third fact
    check = services.check_text(get_catalog(), "x", forms.dump_yaml(data))
    first, second, third = check.facts
    assert first.too_common
    assert not first.ok
    assert second.also_reveals == {"luka": ["korban"]}
    assert not second.too_common
    assert third.working == ["korban", "luka", "tertimpa", "kendaraan"]
    assert not third.too_common
    clean = services.check_text(get_catalog(), "x", SOURCE)
    assert all(f.ok and not f.also_reveals for f in clean.facts)


def test_preview_plays_the_conversation_and_grades_it_without_storing(
    app_ctx: None, session: Session, trainer: Any
) -> None:
    scenario = get_catalog().scenarios["pohon-tumbang-ijen"].scenario
    state = services.play_preview(
        scenario, ["Itu bukan wewenang kami.", "Mohon maaf Kak, kabelnya di titik mana?"]
    )
    assert [s for s, _t in state.transcript] == ["citizen", "trainee", "citizen", "trainee", "citizen"]
    push_back = [fill(line, state.citizen) for line in as_lines(scenario.reactions.rejects_ownership.say)]
    assert state.transcript[2][1] in push_back  # one of the scenario's own push-back wordings
    assert "percikan api" in state.transcript[4][1]  # the cable fact is revealed
    assert state.notes[0].startswith("rejects_ownership")
    assert "kabel" in state.notes[1].split(" · ")
    feedback = services.preview_feedback(state, "verifikasi", "BPBD")
    assert feedback["verdict"] == "correct"
    assert "rejects_ownership" in feedback["flags"]
    assert feedback["points"]["verification"] == 2
    assert _count(session, Attempt) == 0


def test_export_then_import_is_a_round_trip_and_idempotent(
    app_ctx: None, session: Session, trainer: Any, tmp_path: Path
) -> None:
    catalog = get_catalog()
    services.create_scenario(session, catalog, trainer, "satu", SOURCE)
    published = services.create_scenario(session, catalog, trainer, "dua", variant(title="Kedua"))
    services.publish_scenario(session, catalog, trainer, published)
    session.commit()
    written = services.export_authored(session, tmp_path)
    assert sorted(p.name for p in written) == ["dua.yaml", "satu.yaml"]
    assert (tmp_path / "satu.yaml").read_text(encoding="utf-8") == SOURCE
    report = services.import_authored(session, catalog, tmp_path, trainer)
    assert (report.created, report.updated, report.unchanged, report.problems) == (
        [],
        [],
        ["dua", "satu"],
        [],
    )
    (tmp_path / "dua.yaml").write_text(variant(title="Kedua diubah"), encoding="utf-8")
    (tmp_path / "tiga.yaml").write_text(variant(title="Ketiga"), encoding="utf-8")
    report = services.import_authored(session, catalog, tmp_path, trainer)
    session.commit()
    assert (report.created, report.updated, report.unchanged) == (["tiga"], ["dua"], ["satu"])
    assert [v.number for v in published.versions] == [1, 2]
    assert services.import_authored(session, catalog, tmp_path, trainer).unchanged == ["dua", "satu", "tiga"]


def test_import_reports_file_line_problems_and_imports_nothing(
    app_ctx: None, session: Session, trainer: Any, tmp_path: Path
) -> None:
    (tmp_path / "baik.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "buruk.yaml").write_text(
        SOURCE.replace("difficulty: 3", "difficulty: tiga"), encoding="utf-8"
    )
    (tmp_path / "pohon-tumbang-ijen.yaml").write_text(SOURCE, encoding="utf-8")
    report = services.import_authored(session, get_catalog(), tmp_path, trainer)
    messages = [str(p) for p in report.problems]
    assert any(m.startswith(f"{tmp_path / 'buruk.yaml'}:4: difficulty:") for m in messages)
    assert any("bundled scenario" in m for m in messages)
    assert report.created == []
    assert _count(session, AuthoredVersion) == 0


def test_export_and_import_commands(
    runner: Any, session: Session, trainer: Any, tmp_path: Path, app: Flask
) -> None:
    with app.app_context():
        services.create_scenario(session, get_catalog(), trainer, "satu", SOURCE)
    session.commit()
    result = runner.invoke(args=["scenarios", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 authored scenario(s) exported" in result.output
    (tmp_path / "out" / "dua.yaml").write_text(
        SOURCE.replace("difficulty: 3", "difficulty: 9"), encoding="utf-8"
    )
    result = runner.invoke(args=["scenarios", "import", str(tmp_path / "out"), "--owner", trainer.username])
    assert result.exit_code == 1
    assert f"{tmp_path / 'out' / 'dua.yaml'}:4: difficulty:" in result.output
    assert "nothing imported" in result.output
    (tmp_path / "out" / "dua.yaml").write_text(SOURCE, encoding="utf-8")
    result = runner.invoke(args=["scenarios", "import", str(tmp_path / "out"), "--owner", trainer.username])
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 1 unchanged" in result.output
    result = runner.invoke(args=["scenarios", "import", str(tmp_path / "out"), "--owner", trainer.username])
    assert "0 created, 0 updated, 2 unchanged" in result.output
    assert _count(session, AuthoredScenario) == 2


def test_the_library_costs_the_same_queries_for_one_or_many_authored_scenarios(
    app: Flask, session: Session, trainer: Any
) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def queries_for_library() -> int:
        statements.clear()
        event.listen(session.get_bind(), "before_cursor_execute", count)
        try:
            services.library(session, catalog, trainer)
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", count)
        return len(statements)

    with app.app_context():
        catalog = get_catalog()
        services.create_scenario(session, catalog, trainer, "satu", SOURCE)
        session.commit()
        one = queries_for_library()
        for n in range(4):
            services.create_scenario(session, catalog, trainer, f"lagi-{n}", variant(title=f"Lagi {n}"))
        session.commit()
        assert queries_for_library() == one <= 3
