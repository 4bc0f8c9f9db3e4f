"""Behaviour that a mutation run found unpinned (`make mutation`): each test names the rule it pins.

Every reply here scores differently, or is explained differently, when the rule it names is changed.
"""

from __future__ import annotations

import pytest

from scoring import Context, Result, score

LAMPU = "Lampu PJU di Gang Mawar RT 03 sudah mati dua minggu, malam gelap dan rawan jambret."
AKTA = (
    "Saya mengurus akta kelahiran anak sejak sebulan lalu, sampai sekarang belum jadi. "
    "Padahal anak saya perlu untuk daftar sekolah."
)
DBD = "Anak saya demam berdarah, RSUD bilang kamar kelas 3 penuh dan kami disuruh cari rumah sakit lain."
KTP = "Mohon izin Pak Wali, KTP saya dibuat dari bulan Agustus sampai sekarang belum jadi."
ADMIN = "Admin tolong dong responnya jangan lama-lama."
KEJANG = "Anak saya kejang di rumah, ambulans belum datang juga sudah 30 menit."


def _result(reply: str, complaint: str = LAMPU, channel: str = "lapor") -> Result:
    return score(reply, Context(complaint=complaint, channel=channel))


# `python -m scoring explain` shows, for each sentence, which rule fired and why (the trace).
# One reply per reason: the reason must be given, on the sentence that earned it, in these words.
@pytest.mark.parametrize(
    ("reply", "complaint", "channel", "sentence", "rule", "why"),
    [
        (
            "Bisa dijelaskan lagi?",
            LAMPU,
            "lapor",
            "Bisa dijelaskan lagi?",
            "verification",
            "1: generic asked",
        ),
        (
            "Boleh kirim foto lokasinya?",
            LAMPU,
            "lapor",
            "Boleh kirim foto lokasinya?",
            "verification",
            "2: a specific fact asked",
        ),
        (
            "Boleh tahu nama lengkapnya siapa?",
            KTP,
            "social",
            "Boleh tahu nama lengkapnya siapa?",
            "verification",
            "2: asks, but discloses identity: not shown as evidence",
        ),
        (
            "Apakah Bapak merasa terganggu dengan suara bising tersebut setiap malam?",
            LAMPU,
            "lapor",
            "Apakah Bapak merasa terganggu dengan suara bising tersebut setiap malam?",
            "empathy",
            "not counted: a question or a directive to the citizen",
        ),
        (
            "SEGERA KE IGD PAK, JANGAN DITUNDA!",
            DBD,
            "callcenter",
            "SEGERA KE IGD PAK, JANGAN DITUNDA!",
            "interim_solution",
            "2: advice the citizen can act on",
        ),
        (
            "Sementara itu mohon warga tidak parkir di bawah pohon tersebut.",
            LAMPU,
            "lapor",
            "Sementara itu mohon warga tidak parkir di bawah pohon tersebut.",
            "interim_solution",
            "2: what the citizen can do meanwhile",
        ),
        (
            "Instalasinya sudah kami mulai. Ditargetkan rampung 20 Desember.",
            LAMPU,
            "lapor",
            "Instalasinya sudah kami mulai.",
            "interim_solution",
            "2: work under way with a target date",
        ),
        (
            "Yth. Bapak, terima kasih atas laporannya. Permohonan akta sedang dalam antrean pencetakan.",
            AKTA,
            "lapor",
            "Permohonan akta sedang dalam antrean pencetakan.",
            "interim_solution",
            "1: still pending, with no completion date",
        ),
        (
            "Lampu akan diganti besok.",
            LAMPU,
            "lapor",
            "Lampu akan diganti besok.",
            "interim_solution",
            "2: an action with a time",
        ),
        (
            "Petugas PJU akan mengecek ke lokasi.",
            LAMPU,
            "lapor",
            "Petugas PJU akan mengecek ke lokasi.",
            "interim_solution",
            "2: an action with a named actor",
        ),
        (
            "Baik, akan kami perbaiki.",
            LAMPU,
            "lapor",
            "Baik, akan kami perbaiki.",
            "interim_solution",
            "1: the office promises an action, with no time or actor",
        ),
        (
            "hehe nyalon atau engga itu bukan urusanmu bro",
            LAMPU,
            "lapor",
            "hehe nyalon atau engga itu bukan urusanmu bro",
            "impolite",
            "second person told it is none of their business",
        ),
        (
            "Itu kesalahan Bapak sendiri.",
            LAMPU,
            "lapor",
            "Itu kesalahan Bapak sendiri.",
            "blames_citizen",
            "blaming phrase",
        ),
        (
            "Mohon ikuti prosedur yang berlaku.",
            LAMPU,
            "lapor",
            "Mohon ikuti prosedur yang berlaku.",
            "blames_citizen",
            "tells the citizen how to behave",
        ),
        (
            "Warga kurang disiplin membuang sampah.",
            LAMPU,
            "lapor",
            "Warga kurang disiplin membuang sampah.",
            "blames_citizen",
            "the citizen or the public as the wrongdoer",
        ),
        (
            "Warga kurang disiplin membuang sampah.",
            LAMPU,
            "lapor",
            "Warga kurang disiplin membuang sampah.",
            "blames_citizen",
            "the citizen or the public as the subject of a failing",
        ),
        (
            "Sangat kami sayangkan keluhan ini disampaikan di media sosial.",
            LAMPU,
            "lapor",
            "Sangat kami sayangkan keluhan ini disampaikan di media sosial.",
            "blames_citizen",
            "faults the citizen for where they complained",
        ),
        (
            "Saya sudah simpan data akun Anda, siap-siap berurusan dengan aparat.",
            LAMPU,
            "lapor",
            "Saya sudah simpan data akun Anda, siap-siap berurusan dengan aparat.",
            "impolite",
            "threatens the citizen",
        ),
        (
            "Nyinyirmu semangatku 💪",
            LAMPU,
            "lapor",
            "Nyinyirmu semangatku",
            "impolite",
            "disparaging words addressed to the citizen",
        ),
        (
            "Kalau nggak suka ya unfollow aja!",
            LAMPU,
            "lapor",
            "Kalau nggak suka ya unfollow aja!",
            "impolite",
            "dismisses the complaint",
        ),
        (
            "Kakaknya cantik, pantes aja nanya terus.",
            LAMPU,
            "lapor",
            "Kakaknya cantik, pantes aja nanya terus.",
            "impolite",
            "remark on the citizen's person",
        ),
        (
            "Silakan hubungi BPBD saja.",
            LAMPU,
            "lapor",
            "Silakan hubungi BPBD saja.",
            "rejects_ownership",
            "directs the citizen to take the case elsewhere",
        ),
        (
            "gak ada yg bisa kami lakukan",
            LAMPU,
            "lapor",
            "gak ada yg bisa kami lakukan",
            "rejects_ownership",
            "the office says it can do nothing",
        ),
        (
            "Jalan itu jalan provinsi Pak.",
            LAMPU,
            "lapor",
            "Jalan itu jalan provinsi Pak.",
            "rejects_ownership",
            "names another owner and neither routes nor acts",
        ),
        (
            "Emangnya kami tukang sulap?",
            LAMPU,
            "lapor",
            "Emangnya kami tukang sulap?",
            "impolite",
            "a rhetorical question thrown back at the citizen",
        ),
        (
            "Situ siapa nyuruh-nyuruh admin? 😂",
            ADMIN,
            "social",
            "Situ siapa nyuruh-nyuruh admin?",
            "impolite",
            "laughs at the citizen",
        ),
    ],
)
def test_the_trace_names_each_rule_and_reason_on_its_sentence(
    reply: str, complaint: str, channel: str, sentence: str, rule: str, why: str
) -> None:
    result = score(reply, Context(complaint=complaint, channel=channel))
    fired = {(n.sentence.text, n.rule, n.why) for n in result.trace}
    assert (sentence, rule, why) in fired, sorted(fired)


# criteria._tells_citizen: an imperative in -kan/-lah opening a clause tells the citizen what to do
# meanwhile ("sambil menunggu, miringkan badan anak"), which is an interim step (2) even with no
# "mohon"; a verb must open the clause and be a derived form of at least six letters.
@pytest.mark.parametrize(
    "reply",
    [
        "Petugas kami segera ke lokasi. Sambil menunggu, miringkan badan anak dan longgarkan pakaiannya.",
        "Sambil menunggu petugas, hindarilah memberi minum pada anak.",
        "Sambil menunggu, isikan air ke ember untuk cadangan.",  # six letters: "isikan"
    ],
)
def test_an_imperative_opening_a_meanwhile_clause_is_an_interim_step(reply: str) -> None:
    result = _result(reply, KEJANG, "callcenter")
    assert result.points["interim_solution"] == 2
    assert any(n.why == "2: what the citizen can do meanwhile" for n in result.trace)


def test_a_meanwhile_step_in_a_second_sentence_keeps_a_redirect_from_being_a_refusal() -> None:
    # flags._office_commits: "Mohon lapor ke RT" alone turns the case away; a step of 2 elsewhere
    # in the reply ("sementara itu, hindarilah lokasi") means the office still acts.
    result = _result("Mohon lapor ke RT. Sementara itu, hindarilah lokasi.")
    assert result.points["interim_solution"] == 2
    assert "rejects_ownership" not in result.flags


# flags._names_the_office_after: "hubungi/lapor/sampaikan ke kami|saya|kita" points the citizen at
# the office itself, within the clause after the verb; it sends no one away.
@pytest.mark.parametrize(
    "reply",
    [
        "Silakan lapor ke kami saja, Pak.",
        "Silakan sampaikan langsung kepada saya lewat pesan ini.",
        "Silakan sampaikan ke kita saja, Bu.",
        "Silakan hubungi kantor kita di Jalan Merdeka.",
    ],
)
def test_directing_the_citizen_to_the_office_itself_is_no_refusal(reply: str) -> None:
    result = _result(reply)
    assert "rejects_ownership" not in result.flags
    assert not any(n.rule == "rejects_ownership" for n in result.trace)


@pytest.mark.parametrize(
    "reply",
    [
        "Kami sudah terima laporannya, silakan hubungi PLN.",
        "Ini di luar kewenangan kami, silakan hubungi PLN.",  # "kami" three tokens before the verb
    ],
)
def test_an_office_word_before_the_clause_break_does_not_own_a_redirect_after_it(reply: str) -> None:
    # flags.flags, redirects: "kami" in the clause before "silakan hubungi PLN" does not make the office
    # the one contacted (only the two tokens before the verb, or the clause after it, can); the
    # redirect is still a refusal, and its words are evidence.
    result = _result(reply)
    assert "hubungi PLN" in [s.text for s in result.flags["rejects_ownership"].evidence]
    assert any(n.why == "directs the citizen to take the case elsewhere" for n in result.trace)


def test_bukan_kami_yang_lambat_denies_a_fault_and_bukan_kami_yang_menangani_refuses_the_case() -> None:
    # flags._denies_fault: "bukan kami yang <lambat|salah|lalai ...>" answers a reproach (no refusal);
    # "bukan kami yang menangani ..." says the case is not the office's (a refusal).
    assert "rejects_ownership" not in _result("Bukan kami yang lambat.").flags
    # A denied fault is skipped, and the refusal after it is still read.
    assert "rejects_ownership" in _result("Bukan kami yang lambat. Itu memang bukan wewenang kami.").flags
    assert "rejects_ownership" in _result("Bukan kami yang menangani jalan itu.").flags


def test_the_citizen_as_subject_of_a_failing_is_blame_on_that_sentence_only() -> None:
    # flags._citizen_at_fault: "pelanggan tidak pernah membaca" (a negator, then a failing) within
    # the sentence that names the citizen; the next sentence is not blamed for it.
    reply = "Pelanggan tidak pernah membaca pengumuman. Mohon maaf atas ketidaknyamanannya."
    result = _result(reply)
    assert "blames_citizen" in result.flags
    why = "the citizen or the public as the subject of a failing"
    assert [n.sentence.text for n in result.trace if n.why == why] == [
        "Pelanggan tidak pernah membaca pengumuman."
    ]


def test_a_laugh_in_a_sentence_where_the_office_speaks_of_its_own_work_is_not_mockery() -> None:
    # flags._at_citizen: the office as subject, no "kamu/anda", no directive: not aimed at the citizen.
    assert (
        "impolite"
        not in _result("Lampu di depan rumah warga sudah kami ganti ya, hehe.", channel="social").flags
    )


def test_a_contact_word_in_an_earlier_sentence_does_not_make_the_reporters_number_the_offices() -> None:
    # flags._after: "hubungi/kontak ..." counts only in the four tokens before the number, in its sentence.
    reply = "Hubungi kami bila perlu. Nomor pelapor 0812-3456-7890 sudah kami catat."
    result = _result(reply, channel="social")
    assert [s.text for s in result.flags["discloses_identity"].evidence] == ["0812-3456-7890"]


def test_an_imperative_in_an_earlier_sentence_does_not_make_a_meanwhile_sentence_advice() -> None:
    # criteria._tells_citizen reads only the meanwhile sentence itself: "sementara itu ambulans menuju
    # lokasi" tells the citizen nothing, whatever the sentence before says.
    reply = "Tenang ya Bu, longgarkan pakaian anak. Sementara itu ambulans menuju lokasi."
    result = _result(reply, KEJANG, "callcenter")
    assert not [n for n in result.trace if n.why == "2: what the citizen can do meanwhile"]


def test_three_shouted_words_are_shouting() -> None:
    # flags._shouting: a reply of three words or more, at least three of them in capitals that are no
    # acronym, and at least half of its words, shouts.
    shouted = _result("SABAR DULU PAK.", channel="social").flags["impolite"].evidence
    assert [(s.start, s.end, s.text) for s in shouted] == [(0, 14, "SABAR DULU PAK")]  # first to last word
    assert "impolite" not in _result("Sabar dulu PAK.", channel="social").flags


def test_an_honorific_before_a_word_in_capitals_names_no_one() -> None:
    # flags._disclosure: "Bu PKK", like "Pak RT", is an office or group written in capitals, not the
    # reporter's name, even next to an address.
    reply = "Laporan soal rumah di Jl. Mawar 5 sudah kami sampaikan ke Bu PKK setempat."
    assert "discloses_identity" not in _result(reply, channel="social").flags
    assert (
        "discloses_identity"
        in _result("Rumah Bapak Budi di Jl. Mawar 5 sudah kami datangi.", channel="social").flags
    )


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Pemohonnya tidak pernah membaca syarat di papan pengumuman.", True),  # "pemohon" + -nya
        ("Kantor kami tidak pernah tutup, silakan datang kapan saja.", False),  # the office, not the citizen
    ],
)
def test_only_the_citizen_as_subject_of_a_failing_is_blamed(reply: str, blamed: bool) -> None:
    # flags._citizen_at_fault: the subject before "tidak pernah/mau ..." must be the citizen or the
    # public (with or without -nya); the office's own "tidak pernah tutup" blames no one.
    assert ("blames_citizen" in _result(reply).flags) is blamed


def test_a_directive_word_ending_the_sentence_is_read_without_error() -> None:
    # roles.read_role: "..., silakan." has no word after the directive; it is read as a directive.
    result = _result("Mohon maaf, lampu akan kami cek besok. Kalau belum menyala juga, silakan.")
    assert result.points["interim_solution"] == 2


def test_a_five_letter_word_with_the_suffix_mu_speaks_to_the_citizen() -> None:
    # roles._second_person_suffix: "ibumu" addresses the citizen, so "bukan urusan" is a snub (impolite),
    # not the office turning the case away.
    result = _result("Itu urusan ibumu, bukan urusan kami.", channel="social")
    assert "impolite" in result.flags
    assert "rejects_ownership" not in result.flags


def test_the_evidence_of_a_failing_citizen_quotes_the_subject_and_the_failing() -> None:
    # flags._citizen_at_fault: the span runs from the citizen to the word after the negator.
    result = _result("Pemohonnya tidak pernah membaca syarat di papan pengumuman.")
    assert [s.text for s in result.flags["blames_citizen"].evidence] == ["Pemohonnya tidak pernah"]


def test_a_nik_on_a_public_channel_discloses_identity() -> None:
    # flags._disclosure: sixteen digits are a NIK, the reporter's identity number.
    result = _result("NIK pelapor 3573012345678901 sudah kami catat.", channel="social")
    assert [(s.start, s.end, s.text) for s in result.flags["discloses_identity"].evidence] == [
        (12, 28, "3573012345678901")
    ]


def test_bapak_before_a_negator_is_the_reader_not_a_failing_subject() -> None:
    # flags._citizen_at_fault skips "Bapak/Ibu": "Kami paham Bapak tidak mau menunggu lama" understands
    # the citizen; it blames no one, so empathy keeps its point.
    result = _result("Kami paham Bapak tidak mau menunggu lama.")
    assert "blames_citizen" not in result.flags
    assert result.points["empathy"] == 1


def test_a_refusal_in_a_bare_list_of_words_is_still_a_refusal() -> None:
    # flags.flags reads rejects_ownership in stuffed sentences too: a keyword list earns no points,
    # but "bukan wewenang" in it still turns the case away.
    assert "rejects_ownership" in _result("Bukan wewenang, maaf, lapor, PLN.").flags


def test_a_name_given_late_in_the_reply_is_no_greeting() -> None:
    # criteria._name_introduction reads the first two sentences only: "Saya Rina" in the third
    # sentence closes the reply, it does not open it.
    result = _result("Laporan sudah kami terima. Petugas dijadwalkan besok. Saya Rina akan memantau.")
    assert result.points["greeting"] == 0


def test_a_name_and_address_in_a_bare_list_of_words_still_disclose_identity() -> None:
    # flags._disclosure reads honorifics in stuffed sentences too: a keyword list earns no points,
    # but "Pak Budi, Jl. Mawar" in it still names the reporter in public.
    assert "discloses_identity" in _result("Pak Budi, Jl. Mawar, maaf, foto.", channel="social").flags


# --- the real_probe43-51 helpers (survivors of their first mutation run) ------------------------


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        # a patient's state: "sadarkan diri", or a sudden loss named right before it
        ("Bapak tidak sadarkan diri.", False),
        ("Bapak tiba-tiba tidak sadar.", False),
        ("Bapak mendadak tidak sadar.", False),
        ("Ibu sampai tidak sadar.", False),
        ("Bapak hingga tidak sadar.", False),
        ("Tiba-tiba Bapak tidak sadar.", False),
        # the failing: a sudden word three tokens back or further does not make it a state
        ("Hingga kini warga tidak sadar kebersihan.", True),
        ("Sampai sekarang warga di sini memang tidak sadar kebersihan.", True),
        # "tidak sadar diri" is a failing (no self-awareness), "tidak sadarkan diri" a state
        ("Warga tidak sadar diri.", True),
    ],
)
def test_a_patients_state_is_read_only_next_to_tidak_sadar(reply: str, blamed: bool) -> None:
    """Pins _passed_out: its words, "diri" after, and the two-token window before."""
    flags = score(reply, Context(complaint="", channel="callcenter")).flags
    assert ("blames_citizen" in flags) is blamed


def test_the_customers_share_names_the_customer_last() -> None:
    """Pins _customer_bears: only the customer ending the phrase exempts it, and only with a step."""
    cause = "Kalau meteran muter padahal kran ditutup, kemungkinan ada bocor di pipa persil, itu memang "
    step = " Petugas kami cek ke rumah dulu."
    context = Context(complaint="", channel="social")
    assert "rejects_ownership" not in score(cause + "tanggungan pelanggan." + step, context).flags
    assert "rejects_ownership" in score(cause + "tanggung jawab masing-masing." + step, context).flags
    assert "rejects_ownership" in score(cause + "tanggungan pelanggan.", context).flags


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the report with -nya, in the passive: routing (1)
        ("Laporannya sudah diteruskan ke Dinas PUPR.", 1),
        # the contact word last in the reply: no step, and no reading past the end
        ("Besok petugas kami telepon.", 0),
        ("Besok petugas akan telepon Bapak.", 0),
    ],
)
def test_passive_routing_with_nya_and_a_call_back_last_in_the_reply(reply: str, points: int) -> None:
    """Pins office_routes' "-nya" and _contacts_citizen's end-of-reply bound."""
    assert score(reply, Context(complaint="", channel="social")).points["interim_solution"] == points


def test_the_report_passed_on_in_the_passive_with_nya_keeps_a_named_owner_from_refusing() -> None:
    """Pins office_routes' report word with "-nya": the passive routing that answers for the office."""
    reply = "Ruas itu jalan provinsi, laporannya sudah diteruskan ke Dinas PUPR Provinsi."
    assert "rejects_ownership" not in score(reply, Context(complaint="", channel="social")).flags
    assert (
        "rejects_ownership"
        in score("Ruas itu jalan provinsi.", Context(complaint="", channel="social")).flags
    )


# --- the real_probe52-66 helpers (survivors of their first mutation run) --------------------------


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        # the office asks the public, named by no citizen word: blame through the office's request
        ("Kami minta orang tua murid tidak mudah termakan isu.", True),
        # near-misses: the office heard it (no request); the request in the sentence before
        ("Kami dengar orang tua murid mudah termakan isu.", False),
        ("Itu yang kami minta. Orang tua murid tidak mudah termakan isu.", False),
    ],
)
def test_the_office_asking_the_public_to_behave_is_a_lesson(reply: str, blamed: bool) -> None:
    """Pins _office_asks: a request word right after the office's pronoun, in the lesson's sentence."""
    assert ("blames_citizen" in score(reply, Context(complaint="", channel="social")).flags) is blamed


@pytest.mark.parametrize(
    ("reply", "disclosed"),
    [
        ("Menindaklanjuti keluhan a.n. Bpk. I Made, warga Jl. Gunung Agung No. 7.", True),
        ("Keluhan di Jl. Gunung Agung No. 7 a.n. Bpk. I Made", True),  # the name ends the reply
        # near-misses: "I" before a word in lower case, "I" ending the reply
        ("Menindaklanjuti keluhan a.n. Bpk. I made, warga Jl. Gunung Agung No. 7.", False),
        ("Keluhan di Jl. Gunung Agung No. 7 a.n. Bpk. I", False),
    ],
)
def test_a_balinese_i_is_a_name_only_before_a_capitalised_word(reply: str, disclosed: bool) -> None:
    """Pins _balinese_name: the letter "I" itself, the next word capitalised, the reply's end."""
    assert ("discloses_identity" in score(reply, Context(complaint="", channel="social")).flags) is disclosed


@pytest.mark.parametrize(
    ("reply", "disclosed"),
    [
        ("Untuk cek status, tulis NIK dan nama lengkap di kolom komentar ya.", True),
        # near-misses: the writing verb inside a clause (the data described, not asked), or only in the
        # sentence before
        ("Data yang Bapak tulis di kolom komentar berisi nama lengkap dan NIK.", False),
        ("Tulis saja keluhannya. Nama lengkap dan NIK Bapak terlihat di kolom komentar.", False),
    ],
)
def test_told_to_write_means_a_clause_opens_with_the_verb(reply: str, disclosed: bool) -> None:
    """Pins _writing_told: the verb opening a clause of the same sentence."""
    assert ("discloses_identity" in score(reply, Context(complaint="", channel="social")).flags) is disclosed


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the office's routing in its own clause of a request, after or before it
        ("Mohon dapat disampaikan nomor rekam medis pasien, agar dapat kami teruskan ke RSUD.", 1),
        ("Kami teruskan ke RSUD, mohon kirim foto pasien.", 1),
        # an urging word before the step that opens the main clause, after an earlier sentence with a comma
        ("Ya, Bu. Kalau sesak, segera hubungi PSC 119.", 2),
        # a step in its own clause after the request, and an ask in a later sentence changes nothing
        (
            "Silakan kirim lokasinya via DM ya, malam ini juga tim kami meluncur ke sana. Boleh kirim fotonya juga?",
            2,
        ),
        # near-miss: the clause is an aim, though a time follows its first word
        ("Silakan kirim lokasinya via DM ya, agar malam ini juga kami bisa meluncur ke sana.", 1),
    ],
)
def test_a_step_or_routing_in_its_own_clause_of_a_request(reply: str, points: int) -> None:
    """Pins office_routes' clause check, _own_clause and _opens_main_clause's urging word."""
    assert score(reply, Context(complaint="", channel="social")).points["interim_solution"] == points
