"""The scorer against the rubric guide: tables per criterion and level, per flag, and the traps."""

from __future__ import annotations

import json

import pytest

from scoring import Context, Fact, ScoringError, default_rubric, score, weighted_total

LAMPU = "Lampu PJU di Gang Mawar RT 03 sudah mati dua minggu, malam gelap dan rawan jambret."
PARKIR = "Parkir liar di depan pasar makan badan jalan, jukir minta 10 ribu tanpa karcis."


def points(reply: str, criterion: str, complaint: str = LAMPU, channel: str | None = "lapor") -> int:
    return score(reply, Context(complaint=complaint, channel=channel)).points[criterion]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Selamat pagi Bapak, saya Tono dari Dishub. Lampu akan dicek.", 2),
        ("Selamat sore Ibu, terima kasih atas laporannya.", 2),
        ("Halo Kak, kami dari DLH Kota Malang.", 2),
        ("Assalamualaikum Bu, terima kasih sudah melapor.", 2),
        ("Yth. Bapak, terima kasih atas informasinya.", 2),
        ("slamat pagi bpk, mksh laporannya", 2),  # typo and informal spellings
        ("Selamat malam.", 1),
        ("Terima kasih atas laporannya.", 1),
        ("Saya Rina, admin pengaduan Dinas PU.", 1),
        ("Mohon kirim foto lampunya. Terima kasih.", 0),  # a closing courtesy is not thanks for the report
        ("Lampu sudah kami catat.", 0),
    ],
)
def test_greeting_levels(reply: str, expected: int) -> None:
    assert points(reply, "greeting") == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Tiang lampu yang mati nomor berapa, Pak?", 2),
        ("Boleh kirim foto lokasinya?", 2),
        ("Mohon informasikan alamat lengkap dan patokan terdekat.", 2),
        ("Sejak tanggal berapa lampunya mati?", 2),
        ("Apakah benar lampu di Gang Mawar RT 03 yang mati?", 2),
        ("Mohon informasi lebih lanjut.", 1),
        ("Bisa dijelaskan lagi?", 1),
        ("Apakah ada yang bisa kami bantu lagi?", 0),  # offering help verifies nothing
        ("Foto dari Bapak sudah kami terima.", 0),
        ("Kami tidak perlu foto dari Bapak.", 0),
    ],
)
def test_verification_levels(reply: str, expected: int) -> None:
    assert points(reply, "verification") == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Kami memahami rasa tidak aman warga Gang Mawar saat malam gelap, apalagi rawan jambret.", 2),
        ("Mohon maaf, kami paham Bapak cemas karena anak pulang malam lewat gang yang gelap.", 2),
        ("Kami turut prihatin sampai ada warga yang jadi korban jambret di gang itu.", 2),
        ("Mohon maaf atas ketidaknyamanannya.", 1),
        ("Kami memahami keluhan Bapak.", 1),
        ("Mohon maaf atas keterlambatan perbaikan lampu.", 1),  # names the object, not the impact
        ("Lampu akan diganti besok.", 0),
        ("Mohon dimaklumi, petugas kami terbatas.", 0),  # asks the citizen to understand us
        ("Kami tidak paham maksud Bapak.", 0),
        ("Mohon maaf, itu kesalahan Bapak sendiri.", 0),  # blaming caps empathy at 0
    ],
)
def test_empathy_levels(reply: str, expected: int) -> None:
    assert points(reply, "empathy") == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Malam ini tim kami memasang lampu darurat di gang tersebut.", 2),
        ("Besok pagi petugas kami mengganti lampu yang mati.", 2),
        ("Sementara itu hindari lewat gang itu saat malam, gunakan jalan alternatif lewat Jl. Melati.", 2),
        ("Petugas PJU akan mengecek ke lokasi.", 2),  # a named actor makes it concrete
        ("Akan segera kami tindak lanjuti.", 1),
        ("Laporan sudah kami teruskan ke dinas terkait.", 1),
        ("Kami akan melakukan pengecekan.", 1),
        ("Kami tidak bisa memberi solusi sementara.", 0),
        ("Tidak ada yang bisa kami lakukan.", 0),
        ("Kami tidak bisa mengirim petugas hari ini.", 0),  # negation
        ("Dishub sudah rutin patroli setiap malam.", 0),  # routine work is a defence, not a step
    ],
)
def test_interim_levels(reply: str, expected: int) -> None:
    assert points(reply, "interim_solution") == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Perkembangannya kami kabarkan melalui LAPOR! paling lambat 3 hari kerja.", 2),
        ("Hasilnya kami update di sini besok pagi.", 2),
        ("Kami kabari di kolom ini.", 2),  # "here" is a named channel
        ("Status perbaikan bisa Bapak pantau di LAPOR! dengan nomor laporan 4471902.", 2),
        ("Kami akan menghubungi Bapak lewat telepon paling lambat Kamis.", 2),
        ("Nanti kami kabari.", 1),
        ("Silakan pantau terus akun ini.", 1),
        ("Perkembangan akan kami kabarkan.", 1),
        ("Laporan Bapak sudah kami sampaikan ke lurah.", 0),  # forwarding is not reporting back
        ("Terima kasih.", 0),
    ],
)
def test_status_levels(reply: str, expected: int) -> None:
    assert points(reply, "status_followup") == expected


@pytest.mark.parametrize(
    ("reply", "channel", "expected"),
    [
        ("Mohon maaf, itu bukan wewenang kami. Silakan lapor ke dinas lain.", "lapor", {"rejects_ownership"}),
        ("Lampu PJU bukan tanggung jawab kelurahan.", "lapor", {"rejects_ownership"}),
        ("Ini di luar kewenangan kami, silakan hubungi PLN.", "lapor", {"rejects_ownership"}),
        (
            "Ruas itu jalan nasional; laporan sudah kami teruskan ke BBPJN.",
            "lapor",
            set(),
        ),  # routed, not refused
        ("Makanya jangan lewat gang gelap malam-malam.", "lapor", {"blames_citizen"}),
        ("Itu kesalahan Bapak sendiri.", "lapor", {"blames_citizen"}),
        ("Kami sudah bekerja keras setiap hari.", "lapor", set()),  # defensive is not blaming
        ("Dasar warga cerewet, sabar dong.", "lapor", {"impolite", "blames_citizen"}),
        ("KAMI SUDAH TAHU MASALAH ITU DAN SEDANG DIURUS", "lapor", {"impolite"}),
        ("Laporan sudah kami terima dari LAPOR dan PLN.", "lapor", set()),  # acronyms are not shouting
        (
            "Kak @budi_mlg yang tinggal di Jl. Melati No. 5 RT 02, petugas segera datang.",
            "social",
            {"discloses_identity"},
        ),
        ("Mohon tulis NIK dan nomor HP kakak di kolom komentar.", "social", {"discloses_identity"}),
        ("Mohon kirim NIK kakak lewat DM ya.", "social", set()),
        ("Nomor HP Bapak 0812-3456-7890 sudah kami catat.", "callcenter", set()),  # a private channel
        ("Nomor HP Bapak 0812-3456-7890 sudah kami catat.", "social", {"discloses_identity"}),
        ("Itu urusan PLN kak.", "social", {"rejects_ownership"}),
        ("Jalan itu milik provinsi, laporan sudah kami teruskan ke dinas provinsi.", "lapor", set()),
        ("Seharusnya lapor dari kemarin, Pak.", "lapor", {"blames_citizen"}),
        ("Mohon ikuti prosedur yang berlaku.", "lapor", {"blames_citizen"}),
        ("Kabelnya bukan punya kami kak.", "social", {"rejects_ownership"}),
        ("Tidak usah lebay kak, cuma lampu mati.", "social", {"impolite"}),
        ("Terima kasih kak, ditunggu aja ya kabarnya.", "social", set()),
        ("Ibu sabar saja, semua ada prosesnya.", "lapor", {"blames_citizen"}),
        ("Mohon maaf, Bapak salah alamat.", "lapor", {"rejects_ownership"}),
        ("Kami tidak menangani lampu jalan.", "lapor", {"rejects_ownership"}),
        ("Kami tidak menangani sendiri; laporan sudah kami koordinasikan dengan PLN.", "lapor", set()),
        ("Itu kelalaian Bapak sendiri.", "lapor", {"blames_citizen"}),
        ("Warga kurang disiplin membuang sampah.", "sambat", {"blames_citizen"}),
        ("Memangnya kami tukang sulap? Silakan saja kalau mau viral.", "social", {"impolite"}),
        ("Yang lapor bukan cuma Bapak yang menunggu.", "lapor", {"impolite"}),
        ("Jalan itu jalan provinsi Pak.", "lapor", {"rejects_ownership"}),  # names another owner, leaves it
        ("Jalan itu jalan provinsi; malam ini petugas Dishub memasang rambu di lubang itu.", "lapor", set()),
        ("Jalan itu jalan provinsi, laporan sudah kami teruskan ke dinas provinsi.", "lapor", set()),
        ("Kami memahami Ibu harus membeli air galon setiap hari.", "lapor", set()),  # not "harusnya"
    ],
)
def test_flags(reply: str, channel: str, expected: set[str]) -> None:
    assert set(score(reply, Context(complaint=LAMPU, channel=channel)).flags) == expected


@pytest.mark.parametrize(
    "reply",
    [
        "Empati. Verifikasi. Solusi.",
        "Salam, empati, verifikasi, solusi sementara, tindak lanjut status.",
        "salam, maaf, foto, besok, kabari, lapor",
    ],
)
def test_keyword_stuffing_earns_nothing(reply: str) -> None:
    result = score(reply, Context(complaint=LAMPU, channel="lapor"))
    assert sum(result.points.values()) == 0


def test_negated_interim_earns_nothing_but_the_same_words_positive_do() -> None:
    assert points("Kami tidak bisa memasang lampu darurat malam ini.", "interim_solution") == 0
    assert points("Kami bisa memasang lampu darurat malam ini.", "interim_solution") == 2


def test_jangan_ragu_is_not_a_negation() -> None:
    assert points("Jangan ragu untuk menghubungi 112 bila darurat.", "interim_solution") == 2


@pytest.mark.parametrize(
    ("formal", "informal"),
    [
        ("Terima kasih atas laporannya, Bapak.", "mksh atas laporannya bpk"),
        ("Saya akan mengabari Bapak besok.", "sy akan mengabari bpk bsk"),
        ("Tidak ada yang bisa kami lakukan.", "gak ada yg bisa kami lakukan"),
        ("Silakan pantau terus.", "silakan pantau trs"),
    ],
)
def test_informal_spelling_scores_like_formal(formal: str, informal: str) -> None:
    a = score(formal, Context(complaint=PARKIR)).points
    b = score(informal, Context(complaint=PARKIR)).points
    assert a == b


@pytest.mark.parametrize(
    ("typo", "criterion", "expected"),
    [
        ("Slamat pagi Bapak, trimakasih atas laporannya.", "greeting", 2),
        ("Mohon maaf atas ketidaknyamannya.", "empathy", 1),
        ("Perkembangnnya kami kabarkan lewat LAPOR! paling lambat besok.", "status_followup", 2),
    ],
)
def test_small_typos_are_tolerated(typo: str, criterion: str, expected: int) -> None:
    assert points(typo, criterion) == expected


def test_evidence_spans_point_into_the_reply() -> None:
    reply = "Selamat pagi Bu. Boleh kirim foto tiangnya? Nanti kami kabari."
    result = score(reply, Context(complaint=LAMPU))
    for criterion in result.criteria.values():
        for span in criterion.evidence:
            assert reply[span.start : span.end] == span.text
    assert "foto" in result.criteria["verification"].evidence[0].text


def test_scenario_facts_make_a_question_specific_and_are_reported() -> None:
    context = Context(complaint=LAMPU, facts=(Fact("warung", ("warung", "toko")),))
    result = score("Warungnya yang mana, Pak?", context)
    assert result.points["verification"] == 2
    assert result.asked_facts == ("warung",)


def test_total_follows_weights_and_penalties() -> None:
    full = score(
        "Selamat malam Bapak, saya Fajar dari Dishub. Terima kasih atas laporannya. Kami prihatin warga "
        "Gang Mawar merasa tidak aman karena gelap. Tiang nomor berapa, Pak? Malam ini tim kami memasang "
        "lampu darurat, dan perkembangannya kami kabarkan melalui LAPOR! paling lambat 2 hari kerja.",
        Context(complaint=LAMPU, channel="lapor"),
    )
    assert full.points == {k: 2 for k in full.points}
    assert full.total == 100
    rejected = score("Itu bukan wewenang kami.", Context(complaint=LAMPU))
    assert rejected.total == 0
    assert "rejects_ownership" in rejected.flags


def test_explanations_and_tips_are_indonesian_and_only_for_missed_points() -> None:
    result = score("Nanti kami kabari.", Context(complaint=LAMPU))
    status = result.criteria["status_followup"]
    assert status.points == 1
    assert "kapan" in status.tip
    assert result.criteria["greeting"].tip.startswith("Awali dengan salam")


def test_the_json_form_of_a_result_carries_all_of_it() -> None:
    """`Result.to_dict()` is what the app stores and a caller of the package reads: nothing is lost."""
    reply = "Selamat pagi Bapak. Warungnya yang mana, Pak? Itu kesalahan Bapak sendiri."
    context = Context(complaint=LAMPU, channel="lapor", facts=(Fact("warung", ("warung",)),))
    result = score(reply, context)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["scores"] == result.points
    assert data["flags"] == list(result.flags) == ["blames_citizen"]
    assert data["total"] == result.total
    assert data["version"] == result.version
    assert data["asked_facts"] == ["warung"]
    assert set(data["evidence"]) == set(result.points) | {"blames_citizen"}
    blamed = data["evidence"]["blames_citizen"][0]
    assert reply[blamed["start"] : blamed["end"]] == blamed["text"]
    assert data["evidence"]["greeting"] == [s.to_dict() for s in result.criteria["greeting"].evidence]
    assert data["explanations"]["empathy"] == {
        "explanation": result.criteria["empathy"].explanation,
        "tip": result.criteria["empathy"].tip,
    }
    assert set(data["explanations"]) == set(result.points)


def test_weighted_total_is_weight_times_half_the_points_minus_penalties() -> None:
    rubric = default_rubric()
    ones = dict.fromkeys(rubric.weights, 1)
    assert weighted_total(ones, []) == 50
    assert weighted_total(dict.fromkeys(rubric.weights, 2), []) == 100
    only_interim = dict.fromkeys(rubric.weights, 0) | {"interim_solution": 2}
    assert weighted_total(only_interim, []) == rubric.weights["interim_solution"]
    assert weighted_total(ones, ["impolite"]) == 50 - rubric.penalties["impolite"]
    assert weighted_total(ones, ["impolite", "impolite"]) == 50 - rubric.penalties["impolite"]  # once
    assert weighted_total(ones, list(rubric.penalties)) == max(0, 50 - sum(rubric.penalties.values()))
    assert weighted_total(dict.fromkeys(rubric.weights, 0), ["impolite"]) == 0  # never below 0


def test_each_criterion_and_flag_result_names_itself() -> None:
    rubric = default_rubric()
    result = score("Itu kesalahan Bapak sendiri, dasar bodoh.", Context(complaint=LAMPU))
    for key, criterion in result.criteria.items():
        spec = rubric.spec.criteria[key]
        assert criterion.key == key
        assert criterion.label == spec.label.id != ""
        assert criterion.explanation == spec.levels[criterion.points] != ""
        assert criterion.tip == spec.tips[criterion.points] != ""  # every point missed has a tip
    assert set(result.flags) == {"blames_citizen", "impolite"}
    for key, flag in result.flags.items():
        assert flag.key == key
        assert flag.label == rubric.spec.flags[key].label.id != ""
        assert flag.penalty == rubric.penalties[key]
        assert flag.tip == rubric.spec.flags[key].tip != ""


def test_full_marks_need_no_tip() -> None:
    full = score(
        "Selamat malam Bapak, saya Fajar dari Dishub. Terima kasih atas laporannya. Kami prihatin warga "
        "Gang Mawar merasa tidak aman karena gelap. Tiang nomor berapa, Pak? Malam ini tim kami memasang "
        "lampu darurat, dan perkembangannya kami kabarkan melalui LAPOR! paling lambat 2 hari kerja.",
        Context(complaint=LAMPU, channel="lapor"),
    )
    assert {c.points for c in full.criteria.values()} == {2}
    assert all(c.tip == "" and c.evidence for c in full.criteria.values())


def test_score_refuses_what_is_not_a_reply_naming_the_type() -> None:
    with pytest.raises(ScoringError, match="reply must be a string, not int"):
        score(5)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="context must be a Context, not dict"):
        score("Halo", {"complaint": LAMPU})  # type: ignore[arg-type]


def test_the_trace_says_which_rule_fired_on_which_sentence_and_why() -> None:
    reply = "Selamat pagi Bapak. Sementara itu mohon Bapak lewat jalan lain dulu."
    result = score(reply, Context(complaint=LAMPU))
    assert result.points["interim_solution"] == 2
    notes = [n for n in result.trace if n.rule == "interim_solution"]
    assert notes, result.trace
    assert notes[0].sentence.text == reply[notes[0].sentence.start : notes[0].sentence.end]
    assert notes[0].sentence.text.startswith("Sementara itu")
    assert notes[0].why.startswith("2:")
