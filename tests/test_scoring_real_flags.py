"""Flags on real admins' wording: what the sentence does (rules added after real_probe14-16).

Each table pairs replies of one kind, worded unlike the probe items that showed the gap, with
near-misses of the same shape that must not be flagged. The probe items themselves are regression
cases in tests/test_scoring_real.py.
"""

from __future__ import annotations

import pytest

from scoring import Context, score

COMPLAINT = "Antrean di kantor pelayanan lama sekali, sudah dua jam belum dipanggil."


def _flags(reply: str, channel: str = "social") -> set[str]:
    return set(score(reply, Context(complaint=COMPLAINT, channel=channel)).flags)


def _points(reply: str, criterion: str, channel: str = "callcenter") -> int:
    return score(reply, Context(complaint=COMPLAINT, channel=channel)).points[criterion]


# --- blame: the public's failing as the cause, lessons on conduct, complaining belittled ----------


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        # a failing of the citizen or the public given as the cause
        ("Antrean panjang itu karena warga tidak mau datang sesuai jadwal.", True),
        ("Banjir itu terjadi karena masyarakat tidak peduli kebersihan selokan.", True),
        ("Yang telat bayar itu karena tidak pernah baca pengumuman.", True),  # "yang …": people
        # near-misses: the office's own excuse, a third party's failing
        ("Keterlambatan terjadi karena kami tidak mau gegabah dalam verifikasi.", False),
        ("Perbaikan tertunda karena kontraktor tidak mau melanjutkan pekerjaan.", False),
    ],
)
def test_a_failing_of_the_public_given_as_the_cause_is_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Lain kali Bapak lebih teliti membaca persyaratan ya.", True),
        ("Semoga ke depan warga lebih bijak dalam bermedia sosial.", True),
        ("Pelanggan yang memasang pipa sendiri ya harus menanggung risikonya.", True),
        ("Warga yang tinggal di bantaran ya wajib maklum kalau tergenang.", True),
        # near-misses: the office improving itself, a wish, safety advice, a procedure
        ("Kami akan lebih teliti ke depannya, mohon maaf.", False),
        ("Semoga Ibu lekas sembuh dan lebih nyaman berobat di sini.", False),
        ("Warga harus siap siaga saat hujan deras, simpan nomor BPBD.", False),
        ("Pemohon wajib membawa KTP asli saat pengambilan.", False),
    ],
)
def test_telling_the_citizen_to_behave_better_or_accept_the_burden_is_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Kalau hanya mau mengeluh di kolom komentar, mending datang langsung ke kantor.", True),
        ("Kalo cuma mau protes di sini ya percuma kak.", True),
        ("Tanya dulu ke RT sebelum posting ya kak.", True),
        ("Baca dulu pengumumannya sebelum komplain.", True),
        # near-misses: a question about a schedule, a step before applying, a repeat report
        ("Kalau hanya ingin bertanya jadwal, silakan cek di bio kami.", False),
        ("Mohon lengkapi dulu berkasnya sebelum mengajukan permohonan.", False),
        ("Silakan cek dulu status di aplikasi sebelum melapor ulang.", False),
    ],
)
def test_complaining_belittled_or_a_lesson_on_when_to_complain_is_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Kalau tidak mau menunggu, silakan daftar antrean online.", False),  # an option under a condition
        ("Kalau tidak mau menunggu lama, Bapak bisa ambil antrean online.", False),
        ("Kalau tidak mau menunggu, ya jangan datang pagi-pagi.", True),  # the same condition, brushed off
    ],
)
def test_a_condition_answered_with_an_option_is_advice_not_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Kami mengimbau warga membuang sampah pada jam yang ditentukan.", False),
        (
            "Petugas mengangkut tumpukan itu besok pagi. Kami juga mengajak warga membuang sampah di TPS.",
            False,
        ),
        # the same appeal with a fault in it
        ("Kami mengimbau warga jangan membuang sampah sembarangan lagi.", True),
    ],
)
def test_an_appeal_to_the_public_with_no_fault_in_it_is_not_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


# --- impolite: nagging, brush-offs, shaming, retorts ------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Jangan telepon terus Bu, petugas kami sedang bekerja.", True),
        ("Jangan nanya melulu, nanti juga diumumkan.", True),
        ("Jangan ragu bertanya terus kepada kami jika ada kendala.", False),  # encourages
    ],
)
def test_telling_the_citizen_to_stop_asking_is_rude_and_blame(reply: str, rude: bool) -> None:
    flags = _flags(reply)
    assert ("impolite" in flags) is rude
    assert ("blames_citizen" in flags) is rude


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Ya sudah pakai genset aja Pak kalau listrik sering padam.", True),
        ("Yaudah naik angkot aja kak.", True),
        ("Ya sudah, kami cek saja ke lokasi sore ini.", False),  # the office acts
    ],
)
def test_ya_sudah_aja_brushes_the_citizen_off(reply: str, rude: bool) -> None:
    assert ("impolite" in _flags(reply)) is rude


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Kalau memang keberatan, ya jangan daftar di sekolah itu.", True),
        ("Kalau capek antre, ya pulang aja.", True),
        ("Kalau Bapak kecewa, silakan sampaikan ke pengaduan resmi kami.", False),
    ],
)
def test_discontent_answered_with_a_brush_off_is_a_retort(reply: str, rude: bool) -> None:
    flags = _flags(reply)
    assert ("impolite" in flags) is rude
    assert ("blames_citizen" in flags) is rude


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Yang ketahuan parkir sembarangan akan kami foto dan kami viralkan.", True),
        ("Kalau warga masih buang sampah sembarangan, fotonya kami pajang di balai RW.", True),
        # near-misses: a schedule posted, evidence photographed for the office's own follow-up
        ("Jadwal pengangkutan akan kami posting di grup RW.", False),
        ("Kami foto kondisi jalannya dan kami sebar ke grup dinas untuk ditindaklanjuti.", False),
    ],
)
def test_threatening_to_expose_people_for_misconduct_is_rude(reply: str, rude: bool) -> None:
    assert ("impolite" in _flags(reply)) is rude


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Kantor kelurahan itu bukan hotel, Bu. Jangan dikit-dikit minta dilayani malam-malam.", True),
        ("Jangan dikit-dikit minta dijemput, petugasnya juga manusia.", True),
        # near-misses: the same shapes with no fault found in the reply
        ("Itu bukan wewenang kami, Pak.", False),
        ("Rob itu fenomena alam, bukan salah pemerintah.", False),
    ],
)
def test_a_one_word_retort_in_a_reply_that_faults_the_citizen_is_rude(reply: str, rude: bool) -> None:
    assert ("impolite" in _flags(reply)) is rude


# --- turning away: imperatives, "sendiri", the office sending the citizen away ------------------


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Lapor ke kelurahan saja Bu, itu urusan mereka.", True),  # an imperative with no "silakan"
        ("Data itu dari pusat. Tanya ke Kemensos saja.", True),
        ("Silakan protes ke dinas pendidikan saja.", True),  # a complaining verb sends them on too
        # near-misses: the office's own channel, a narrated report, a noun
        ("Lapor ke kami lewat DM ya kak.", False),
        ("Hubungi kami di 0811-222-333 kalau ada kendala.", False),
        ("Warga melapor ke kelurahan kemarin, dan petugas kami datang hari ini.", False),
        ("Laporan sudah diteruskan ke PDAM.", False),
    ],
)
def test_a_bare_imperative_sending_the_citizen_elsewhere_is_a_refusal(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Itu wewenang kepolisian Pak, hubungi Polsek sendiri.", True),
        ("Silakan telepon sendiri ke PLN di 123.", True),
        ("Coba cari sendiri nomor dinas pendidikan.", True),
        ("Kalau soal ular, hubungi Damkar sendiri ya Bu.", True),
        # "jangan telepon ke sini" alone tells the citizen when to call (q033), it names no other party
        ("Kalau tidak darurat jangan telepon ke sini, ini nomor darurat.", False),
        # near-misses: self-service through a channel, collecting in person
        ("Bapak bisa mengurus sendiri lewat aplikasi SIDUKUN.", False),
        ("Pengambilan KTP bisa dilakukan sendiri atau diwakilkan keluarga.", False),
    ],
)
def test_telling_the_citizen_to_reach_the_other_party_themselves_is_a_refusal(
    reply: str, refused: bool
) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Meteran di dalam rumah merupakan tanggung jawab pemilik, bukan kami.", True),
        ("Pipa setelah meter tanggung jawab pelanggan, kami tidak bisa membantu.", True),
        # near-misses: the other owner named, then the office keeps the case
        ("Jalan tersebut milik pengembang, namun tim kami tetap mengirim surat teguran minggu ini.", False),
        (
            "Kepesertaan memang dikelola BPJS Kesehatan, tapi petugas di RSUD kami bisa bantu cek hari ini.",
            False,
        ),
    ],
)
def test_the_citizens_own_responsibility_is_a_refusal_unless_the_office_keeps_the_case(
    reply: str, refused: bool
) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Bukan kami yang kurang cepat, berkas masih diverifikasi pusat.", False),
        ("Bukan kami yang tidak tanggap, laporannya baru masuk tadi pagi.", False),
        ("Bukan kami yang berwenang, silakan ke kecamatan.", True),
    ],
)
def test_denying_a_fault_is_not_refusing_the_case(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


def test_a_thing_owned_by_the_public_in_a_blaming_sentence_is_blame_not_refusal() -> None:
    reply = "Sudah berkali-kali kami sampaikan, gerobak itu milik warga sendiri. Tolong ditegur tetangganya."
    flags = _flags(reply, "sambat")
    assert "blames_citizen" in flags
    assert "rejects_ownership" not in flags


# --- a second round of variants, written after the rules above ----------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # a kiss emoji to the citizen is a remark on their person
        ("Mbak, daftar aja langsung ke kantor, nanti abang bantu 😘", "impolite", True),
        ("Terima kasih kak 😍 laporannya sudah kami teruskan.", "impolite", False),
        # the citizen's post as the object of a police report
        ("Komentar seperti ini bisa kami laporkan ke Polres.", "impolite", True),
        ("Kasus penipuan yang Ibu alami sudah kami laporkan ke Polsek.", "impolite", False),
        # the public as unruly
        ("Masyarakat kita memang susah diatur.", "blames_citizen", True),
        ("Kami mohon maaf, petugas kami yang bandel sudah kami tegur.", "blames_citizen", False),
        ("Percuma dijelaskan, Bapak juga nggak akan ngerti.", "impolite", True),
    ],
)
def test_kisses_posts_reported_and_the_public_as_unruly(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Untuk masalah itu bisa ditanyakan ke pihak sekolah langsung.", True),  # passive after a modal
        ("Soal itu tanyakan saja ke pak RT.", True),  # a bare verb with "saja"
        ("Silakan ke Samsat induk saja, di sini hanya melayani pembayaran.", True),  # "di sini hanya …"
        ("Itu ranah Dinas Pendidikan Provinsi, kami tidak bisa intervensi.", True),
        # near-misses: the office's own channel, the office's own authority, the office reporting
        ("Untuk pengaduan bisa disampaikan ke kami lewat DM.", False),
        ("Sesuai kewenangan dinas kami, laporan ini kami tindak lanjuti besok.", False),
        ("Kami laporkan saja ke polisi ya Bu, agar diproses.", False),
    ],
)
def test_passive_and_saja_redirects_and_a_named_owner_are_refusals(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


# --- a third round of variants ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Kami sudah kerja keras, jangan cuma bisa komentar di medsos.", "blames_citizen", True),
        # "komentar" after "di": a place, not an act
        (
            "Mohon kirim NIK melalui DM ya Kak, jangan ditulis di komentar demi keamanan data.",
            "blames_citizen",
            False,
        ),
        ("Sudah tahu jalannya rusak kok masih lewat situ, Pak?", "blames_citizen", True),
        ("Kami sudah tahu masalahnya dan masih kami tangani.", "blames_citizen", False),
        ("Kenapa tidak lapor dari kemarin-kemarin?", "blames_citizen", True),
        ("Harap lebih sabar, petugas kami terbatas.", "blames_citizen", True),  # a directive, no subject
        ("Mohon lebih berhati-hati saat melintas di jalan itu.", "blames_citizen", False),  # safety
        ("Mohon maaf atas keterlambatannya, kami akan lebih disiplin.", "blames_citizen", False),
        ("Ini akun resmi, bukan tempat curhat.", "blames_citizen", True),
        ("Ngapain ribut di sini, toh juga nggak akan mengubah apa-apa.", "impolite", True),
        ("Buat apa protes kalau tidak mau ikut rapat RT?", "impolite", True),
        ("Untuk apa datang ke kantor? Cukup daftar online saja.", "impolite", False),  # no complaining act
        ("Kami bukan pembantu Bapak.", "impolite", True),
    ],
)
def test_third_round_lectures_and_retorts(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Sebaiknya Ibu langsung ke Polsek terdekat.", True),  # a directive with its verb left out
        ("Silakan langsung ke kantor kami di lantai 2.", False),  # the office's own
    ],
)
def test_a_verbless_directive_to_another_agency_is_a_refusal(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


# --- after the first run of real_probe17 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # a failing given as the cause: "tanpa" + what the citizen should have brought or done
        ("Antrean panjang karena banyak warga datang tanpa membawa KK asli.", "blames_citizen", True),
        ("Air mati karena warga tanpa listrik tidak bisa menyalakan pompa.", "blames_citizen", False),
        # discontent answered with a brush-off, unless the answer offers a way
        ("Kalau jijik ya beli air galon aja kak.", "impolite", True),
        ("Kalau jauh, ya bisa lewat aplikasi saja kak.", "impolite", False),
        ("Laporan banyak, jadi jangan minta didahulukan.", "blames_citizen", True),
        ("Perbaikan jalan butuh anggaran, tidak bisa sim salabim.", "impolite", True),
        # enforcement on offenders ("yang ketahuan …") is not blame of the public
        (
            "Besok kami pasang papan larangan, dan yang ketahuan buang sampah di situ akan kami tegur.",
            "blames_citizen",
            False,
        ),
        (
            "Kami prihatin dengan kebiasaan warga yang masih membuang sampah ke sungai.",
            "blames_citizen",
            True,
        ),
    ],
)
def test_probe17_kinds_in_other_wording(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Saluran tersier merupakan tanggung jawab P3A setempat.", True),  # a code names the owner
        ("Lahan itu aset Perhutani, silakan ditanyakan langsung.", True),
        ("Jalan itu aset Pemkot, kami perbaiki besok pagi.", False),  # the office acts
        ("Sesuai kewenangan Dinas kami, tim datang besok pagi.", False),
    ],
)
def test_another_body_named_by_a_code_or_a_name_as_owner_is_a_refusal(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


# --- after the first run of real_probe18 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Yang komplain biasanya memang yang belum baca pengumuman.", "blames_citizen", True),
        ("Yang lapor akan mendapat nomor tiket lewat SMS.", "blames_citizen", False),
        ("Pedagang harus kreatif, jangan hanya menunggu pembeli datang.", "blames_citizen", True),
        ("Jangan hanya mengandalkan satu jalur, gunakan juga jalur alternatif.", "blames_citizen", False),
        ("Warga jangan egois, ini untuk kepentingan bersama.", "blames_citizen", True),
        ("Warga jangan khawatir, petugas sudah di lokasi.", "blames_citizen", False),
        ("Ya disyukuri aja kak, daerah lain malah nggak ngalir.", "impolite", True),
        ("Ya dicoba dulu lewat aplikasi, Kak.", "impolite", False),
        ("Kalau mau cepat ya perbaiki sendiri aja.", "blames_citizen", True),
        ("Cari di Google aja ya kak.", "impolite", True),
        ("Silakan cari informasinya di website resmi kami.", "impolite", False),
    ],
)
def test_probe18_kinds_in_other_wording(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


def test_a_smile_after_the_last_sentence_counts_on_that_sentence() -> None:
    """A span's start is an offset in the reply: the sentence it falls in is found by the reply's
    sentence spans (reading it as an offset in the normalised text picked the wrong sentence)."""
    flags = _flags("Semua sudah diatur sesuai juknis, Kak. Yang protes biasanya yang nggak lolos aja 🙂")
    assert {"blames_citizen", "impolite"} <= flags


# --- after the first run of real_probe19 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Dari awal beli rumah harusnya sudah tahu risikonya.", "blames_citizen", True),  # no citizen word
        ("Kami seharusnya sudah tahu lebih awal, mohon maaf.", "blames_citizen", False),
        ("Fogging bukan solusi, jangan semua diserahkan ke dinkes.", "blames_citizen", True),
        ("Fogging bukan solusi, jangan semua diserahkan ke dinkes.", "impolite", False),  # no retort
        ("Kalau masih ngeyel, kami tilang.", "blames_citizen", True),  # the condition names the addressee
        ("Pipa itu dirusak warga sendiri saat pasang sambungan liar.", "blames_citizen", True),
        (
            "Taman itu dibangun warga sendiri secara swadaya, kami bantu catnya besok.",
            "blames_citizen",
            False,
        ),
    ],
)
def test_probe19_kinds_in_other_wording(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Mohon maaf, kami tidak dapat menindaklanjuti laporan ini karena lokasinya di luar kota.", True),
        ("Laporan tidak dapat diproses tanpa foto, mohon lampirkan foto lokasi.", False),  # a condition
    ],
)
def test_declining_to_follow_the_report_up_is_a_refusal(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


# --- criteria read on the same sets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Saya hanya admin di sini, Pak.", 0),  # the role named to excuse the office
        ("Bu, kami di sini cuma operator.", 0),
        ("Selamat pagi, saya admin Dinsos.", 2),  # an introduction
    ],
)
def test_a_role_named_with_cuma_is_an_excuse_not_an_introduction(reply: str, points: int) -> None:
    assert _points(reply, "greeting") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Hasilnya kami sampaikan melalui SP4N-LAPOR!.", 2),  # the channel read as one marker token
        ("Perkembangannya kami laporkan di LAPOR! ini.", 2),
        ("Hasilnya kami sampaikan nanti.", 1),
    ],
)
def test_status_reads_the_lapor_channel_however_it_is_written(reply: str, points: int) -> None:
    assert _points(reply, "status_followup", "lapor") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kakak bisa ambil nomor antrean online lewat aplikasi SIDUKUN sehari sebelumnya.", 2),
        ("Baik Kak, tim kami ke lokasi besok pagi ya.", 2),  # a motion with its verb left out
        ("Petugas kami ke lokasi.", 0),  # no time, no named team: nothing concrete
    ],
)
def test_interim_reads_self_service_through_a_channel_and_a_verbless_visit(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution", "social") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Perlu kami sampaikan bahwa pelayanan sudah sesuai jadwal.", 0),  # the office tells
        ("Bisa kami kirimkan formulirnya lewat email.", 0),  # the office offers
        ("Perlu Bapak sampaikan nomor tiketnya agar kami cek.", 2),  # the citizen is asked
        ("Jika ada kendala di loket, silakan sampaikan.", 1),  # "ada" is no "keadaan" (a fact)
        ("Bagaimana keadaan korban sekarang?", 2),
    ],
)
def test_verification_reads_who_is_asked_and_keadaan_is_not_ada(reply: str, points: int) -> None:
    assert _points(reply, "verification") == points


# --- pinned: behaviours reported as false readings, which read right ------------------------------


def test_a_name_in_capitals_is_no_disclosure_without_an_address() -> None:
    assert "discloses_identity" not in _flags("Terima kasih laporannya Pak BUDI. Lampu segera kami perbaiki.")


def test_first_aid_then_the_officer_on_the_way_is_an_interim_step() -> None:
    assert (
        _points("Longgarkan pakaian anak. Sementara itu petugas kami menuju lokasi.", "interim_solution") == 2
    )


@pytest.mark.parametrize(
    ("reply", "interim", "refused"),
    [
        # "telah/sudah sesuai prosedur" claims conformity: no step, so the redirect beside it refuses
        (
            "Menindaklanjuti laporan Saudara, pelayanan di RSUD telah sesuai prosedur. Hak kelas rawat "
            "merupakan kewenangan BPJS, sehingga Saudara dapat menyampaikan pengaduan ke kantor BPJS.",
            0,
            True,
        ),
        (
            "Pemeriksaan oleh dokter RSUD telah sesuai prosedur. Soal klaim, Bapak dapat mengadu ke BPJS.",
            0,
            True,
        ),
        # near-misses: a done step ("telah memasang"), conformity beside a real step with its time
        ("Petugas kami telah memasang rambu di lokasi sesuai prosedur.", 2, False),
        ("Perbaikan pipa sudah sesuai jadwal, petugas kami selesai besok pagi.", 2, False),
    ],
)
def test_a_claim_of_conformity_is_no_step_and_does_not_cover_a_redirect(
    reply: str, interim: int, refused: bool
) -> None:
    # LAPOR!'s defensive template: "telah sesuai prosedur" read as an offer ("telah …") once gave
    # interim 2 to the noun "pelayanan" and so hid the turning-away beside it.
    assert _points(reply, "interim_solution", channel="lapor") == interim
    assert ("rejects_ownership" in _flags(reply, channel="lapor")) is refused


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        # the office passed the case on ("sudah kami infokan/informasikan ke …"): routed, no refusal
        (
            "Penggantinya diterbitkan KBRI, bukan kantor imigrasi di sini. Silakan lapor ke KBRI terdekat. "
            "Kasus Kakak sudah kami infokan ke Fungsi Imigrasi KBRI.",
            False,
        ),
        ("Itu kewenangan Dinas PU. Sudah kami informasikan kepada Dinas PU untuk ditindaklanjuti.", False),
        # near-misses: the same turn-away with nothing passed on, or the citizen told to inform them
        (
            "Penggantinya diterbitkan KBRI, bukan kantor imigrasi di sini. Silakan lapor ke KBRI terdekat.",
            True,
        ),
        ("Itu bukan wewenang kami. Silakan Bapak informasikan sendiri ke Dinas PU.", True),
    ],
)
def test_informing_the_responsible_agency_is_routing(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, channel="lapor")) is refused


@pytest.mark.parametrize(
    ("reply", "disclosed"),
    [
        # the office's own number, after a contact word: no one's personal data
        (
            "Sementara, mobil tangki GRATIS bisa dipesan via WA 0811-4420-600. Update kami sampaikan di sini.",
            False,
        ),
        ("Mohon maaf atas gangguannya, Daeng. Untuk tangki air silakan hubungi WA 0811-4420-600.", False),
        # near-misses: the reporter's number made public
        ("Laporan Bapak Budi Santoso, HP 0812-3456-7890, sudah kami terima.", True),
        ("Mohon maaf atas gangguannya. Nomor pelapor 0812-3456-7890 sudah kami catat.", True),
    ],
)
def test_a_number_after_a_contact_word_is_the_offices_own(reply: str, disclosed: bool) -> None:
    # The contact word was looked for around the number's offset in the normalised token text, not in
    # the reply: in a longer reply it looked at the wrong words (so "via WA 0811…" was a disclosure).
    assert ("discloses_identity" in _flags(reply)) is disclosed


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the office as subject of an asking verb still asks ("boleh kami tahu …", "bisa kami catat …")
        ("Boleh kami tahu alamat lengkapnya?", 2),
        ("Bisa kami catat nomor tiketnya, Pak?", 2),
        # near-misses: the office as subject of a giving verb tells or sends
        ("Bisa kami informasikan bahwa berkas sudah masuk.", 0),
        ("Perlu kami jelaskan bahwa jadwal sudah berubah.", 0),
    ],
)
def test_the_office_asking_is_still_verification(reply: str, points: int) -> None:
    assert _points(reply, "verification") == points


@pytest.mark.parametrize(
    ("reply", "sentences"),
    [
        # a title before a name ends no sentence
        ("Laporan a.n. Bpk. Yohanes sudah kami terima. Petugas datang besok.", 2),
        ("Terima kasih Ny. Rusmini. Kami cek hari ini.", 2),
        ("Pengaduan Tn. Lukas dan Nn. Sari sudah diteruskan.", 1),
        # near-miss: a sentence that really ends on a one-letter word still ends
        ("Bloknya blok A. Kami cek hari ini.", 2),
    ],
)
def test_titles_before_a_name_end_no_sentence(reply: str, sentences: int) -> None:
    from scoring.normalize import tokenize
    from scoring.rubric import default_rubric

    assert len(tokenize(reply, default_rubric().lexicon).sentences) == sentences


@pytest.mark.parametrize(
    ("reply", "disclosed"),
    [
        # the citizen told to post their data in a public place: the disclosure is asked for
        ("Coba tulis NIK Kakak di kolom komentar, nanti kami cek.", True),
        ("Ketik nomor KK di komentar ya kak biar kami bantu.", True),
        # near-misses: the data sent privately, or a service that needs no data posted
        ("Coba kirim NIK Kakak lewat DM, nanti kami cek.", False),
        ("Kakak bisa mengurus surat pengganti KTP di kelurahan.", False),
    ],
)
def test_a_directive_to_post_data_in_public_asks_for_a_disclosure(reply: str, disclosed: bool) -> None:
    assert ("discloses_identity" in _flags(reply)) is disclosed


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # a warning of consequences to the citizen is a lecture
        (
            "Kami minta warga jangan menyambung pipa sembarangan, nanti yang rugi kalian sendiri.",
            "blames_citizen",
            True,
        ),
        ("Nanti yang repot Bapak sendiri kalau berkasnya tidak lengkap.", "blames_citizen", True),
        # complaining online belittled
        ("Sekali-sekali datang ke reses, jangan jago di kolom komentar aja.", "blames_citizen", True),
        # near-misses: the office acting itself, a plain comment request
        ("Nanti petugas kami sendiri yang datang ke rumah Bapak.", "blames_citizen", False),
        ("Silakan tulis komentar Bapak di kolom ulasan kami.", "blames_citizen", False),
        # a rumour corrected is no fault; naming the citizen as the spreader is
        (
            "Halo kak, info yang beredar itu tidak benar ya. Tidak ada kenaikan tarif tahun ini.",
            "blames_citizen",
            False,
        ),
        ("Kabar itu hoaks, tidak ada pemutusan listrik besok.", "blames_citizen", False),
        ("Bapak jangan menyebarkan hoaks ya.", "blames_citizen", True),
    ],
)
def test_probe23_kinds_in_other_wording(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        # the office as the actor of "… sendiri": it goes itself, no one is sent away
        ("Nanti petugas kami datang sendiri ke rumah Bapak.", False),
        ("Besok kami antar sendiri ke alamat Ibu.", False),
        # near-misses: the citizen sent, in the same clause or after a clause break
        ("Kami tidak bisa, silakan datang sendiri ke Polsek.", True),
        ("Kami sarankan Bapak datang sendiri ke kantor Dukcapil.", True),
    ],
)
def test_the_office_going_itself_is_no_refusal(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply)) is refused


def test_a_generals_title_in_an_address_ends_no_sentence() -> None:
    from scoring.normalize import tokenize
    from scoring.rubric import default_rubric

    stream = tokenize(
        "Silakan datang ke loket di Jl. Jend. Sudirman no 5. Kami buka jam 8.", default_rubric().lexicon
    )
    assert len(stream.sentences) == 2
