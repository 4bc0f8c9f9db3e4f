"""Real-style replies: every item of the real sets as a regression case (with a table of the ones
that do not pass yet, and why), per-flag tables of real phrasings with near-misses, evidence rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import CRITERIA, Context, Result, score
from scoring.metrics import micro_f1, quadratic_weighted_kappa

DATA = Path(__file__).resolve().parent / "data"
REAL_SETS = (
    "real_dev.jsonl",
    "real_probe.jsonl",
    "real_probe2.jsonl",
    "real_probe3.jsonl",
    "real_probe4.jsonl",
    "real_probe5.jsonl",
    "real_probe6.jsonl",
    "real_probe7.jsonl",
    "real_probe8.jsonl",
    "real_probe9.jsonl",
    "real_probe10.jsonl",
    "real_probe11.jsonl",
    "real_probe12.jsonl",
    "real_probe13.jsonl",
    "real_probe14.jsonl",
    "real_probe15.jsonl",
    "real_probe16.jsonl",
    "real_probe17.jsonl",
    "real_probe18.jsonl",
    "real_probe19.jsonl",
)

# Items that do not score as labelled yet, with the reason. Each is an xfail(strict=True): when a
# change fixes one, the test fails until the item is removed from this table.
KNOWN_MISSES: dict[str, str] = {
    "r006": "interim: 'Satker sudah bekerja menangani genangan' (another body's past work) read as a step",
    "r008": "interim: labelled 2 for an explanation of the rule ('komite harus menghentikannya')",
    "r021": "interim: 'tim kami siaga 24 jam, biasanya selesai < 12 jam' is routine wording labelled 2",
    "r025": "verification: 'silakan mengirim surat resmi' read as a generic request (1), labelled 0",
    "r037": "the appointment date reads as a specific fact; inviting the citizen in is not read as a step",
    "r038": "verification: the invitation to clarify sits in the threatening sentence, which is excluded",
    "r041": "blame by narrating the citizen's own conduct ('mintanya ... lalu langsung pulang') is not read",
    "r042": "greeting: 'Makasih apresiasinya' counted as thanks (r012's 'terima kasih atas apresiasi' is 1)",
    "r052": "empathy: 'baunya mengganggu kenyamanan warga' reads as specific, labelled formulaic (1)",
    "r056": "status: 'silakan laporkan ke saya langsung, bisa WhatsApp saya' (citizen reports back) not read",
    "r057": "status: 'disampaikan oleh Diskominfo kepada Bapak/Ibu' — a named reporter is not a channel yet",
    "r059": "interim: 'mohon segera diambil' (documents ready to collect) is not read as advice",
    "r068": "interim: 'saya sendiri turun langsung melayani' — the speaker as actor is not a named actor",
    "r070": "interim: 'kami juga ada pekerjaan di lokasi lain' labelled 1; the excuse earns nothing here",
    "q025": "empathy: an apology naming the impact ('gangguan akses jalan') is still read as formulaic",
    "q031": "interim: 'agar kami cek datanya' read as a vague promise (1); labelled 0 (labeller's call)",
    "q032": "interim: as q031",
    "q033": "impolite: 'bukan untuk curhat ... jangan telepon ke sini' addresses 'Pak' without -mu/kamu",
    "q036": "impolite: 'jangan asal tuduh' is in the impolite bank from the team sets; labelled blame only",
    "s009": "interim: 'nanti abang bantu' — the admin calling himself 'abang' is not read as the office",
    "s016": "'kami cuma meneruskan' counts as routing, so 'urus sendiri ke kecamatan' is not a refusal",
    "u013": "verification: 'silakan membuat laporan baru dengan menyertakan lokasi' is not read as a request",
    "u014": "'semoga cepat ketemu' (specific wish) and 'coba posting di grup warga' (advice) are not read",
    "u016": "interim: a conditional procedure ('kalau lihat …, nanti Dishub yang derek') read as a step",
    "k010": "interim: 'petugas kami datang 12 menit setelah laporan masuk' (a past defence) read as vague",
    "m003": "interim: 'untuk menindaklanjuti, mohon Saudara menyampaikan …' labelled 1; read as a request only",
    "m008": "verification: 'Itu sekolah swasta ya kak?' confirms a fact but shares one word with the complaint",
    "n005": "blame: 'harap maklum' after 'admin bukan robot' lectures, but 'maklum' is also a polite closing",
    "n007": "interim: 'Sabar kak, pemerintah bukan pesulap' read as a vague promise",
    "n008": "empathy: 'pasti mengecewakan sekali setelah mendaftar jauh-jauh hari' shares no word with the complaint",
    "n010": "interim: 'siswa bisa naik dari halte … pukul 06.15' (a stopgap for the citizen) is not read",
    "a006": "a newspaper column answered on 'lapor': naming the letter's author is read as disclosure, and "
    "the apology naming 'air keruh di Jl. Bunga Kenanga' as specific (labelled formulaic, as p018)",
    "a012": "empathy: 'Mohon maaf Pak, supaya saya bisa bantu, boleh …?' labelled 1; the apology sits in a "
    "question, which is never empathy",
    "b003": "interim: 'biar kami cek datanya' read as a vague promise (1); labelled 0, as q031",
    "b004": "interim: as b003",
    "b015": "interim: 'Hari Senin saya cek lagi' reads as a step with a time (2); labelled routing (1)",
    "c013": "interim: 'petugas akan menghubungi Bapak paling lambat Jumat untuk jadwal survei' reads as "
    "nothing (0: the call is contact, 'jadwal survei' a noun); labelled 1 (the survey as handling)",
    "c014": "empathy: 'mohon maaf atas keterlambatan pengangkutan sampah di Perum Bumi Asri' reads as "
    "specific; labelled formulaic as p018 (q025's similar apology is labelled 2)",
    "c018": "interim: 'Silakan datang langsung ke kantor' after refusing to answer reads as advice (2); "
    "labelled 0 (s002's same advice without the refusal is 2)",
    "e017": "blame: disputing the citizen's account with a laugh ('lewat jalan yang mana? … kalau nggak "
    "percaya cek sendiri') is read as rudeness only",
    "f003": "interim: 'silakan menyampaikan aduan langsung ke Dinas ESDM' (a refusal, 0) read as routing (1)",
    "f008": "interim/status: 'Kami cek ke Kepala Puskesmas dan kabari hasilnya di sini' read as a step (2) "
    "and no report (0); labelled routing (1) and a report here (2)",
    "f009": "impolite: 'jangan cuma bisa protes' is in the impolite bank (z001 with the same words is labelled "
    "both); labelled blame only — the label is the doubtful side",
    "f014": "interim: 'saya teruskan sekarang ke posko PLN' read as a step with a time (2); labelled routing (1)",
    "f016": "interim: 'bisa diwakilkan dengan membawa KTP dan KK' (a way for the citizen) and the date of "
    "the distribution are not read",
    "g005": "a sarcastic thank-you ('Terima kasih sudah jadi polisi lalu lintas dadakan 👏') reads as thanks "
    "(greeting 1) and raises no flag",
    "g006": "interim: 'Mohon bersabar' after an excuse read as a vague promise (1); labelled 0",
    "g011": "interim: 'saya siapkan semen dan pasirnya dari desa' with 'Minggu besok' is not read as a step",
    "i011": "interim: 'Perlu kami sampaikan bahwa pelayanan sudah sesuai SOP' read as handling (1); labelled 0",
    "i014": "verification: 'Jika ada kendala, silakan DM kami' (an invitation to get in touch) read as a generic "
    "request (1); labelled 0",
    "i016": "blame: 'coba berangkat lebih pagi, jangan mepet-mepet jam kerja' is shaped as advice; the lecture "
    "is not read",
    "j005": "blame: 'Kurangi pakai kendaraan pribadi ya 😉' (a lecture shaped as advice) is not read, as i016",
    "j017": "'Telepon 110 saja' reads as an emergency number (interim 2), which makes 'itu ranahnya polisi, bukan "
    "layanan kami' no refusal; labelled a turning-away (interim 0)",
    "l012": "verification: 'NISN' is not a known fact term (read as a generic request, 1)",
    "l014": "'Silakan telepon 112' is an emergency number (interim 2), which keeps 'kami bukan ambulans' from "
    "being a refusal; labelled a turning-away with interim 2",
    "d016": "interim: 'mohon menunggu proses pemeriksaan oleh Inspektorat' (handling named in a request to "
    "wait) labelled 1, read as nothing",
}


def _rows(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _score(row: dict) -> Result:
    return score(row["response"], Context(complaint=row["complaint"], channel=row["channel"]))


CASES = [
    pytest.param(
        row,
        id=f"{name.removesuffix('.jsonl')}:{row['id']}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[row["id"]])]
        if row["id"] in KNOWN_MISSES
        else [],
    )
    for name in REAL_SETS
    for row in _rows(name)
]


def test_known_misses_name_real_items() -> None:
    """Every entry of the table is a real item (a typo would silently test nothing)."""
    ids = {row["id"] for name in REAL_SETS for row in _rows(name)}
    assert set(KNOWN_MISSES) <= ids


@pytest.mark.parametrize("row", CASES)
def test_real_reply_scores_as_labelled(row: dict) -> None:
    result = _score(row)
    assert result.points == row["labels"], row["response"]
    assert set(result.flags) == set(row["flags"]), row["response"]


@pytest.mark.parametrize("name", REAL_SETS)
def test_real_sets_stay_above_the_issue_targets(name: str) -> None:
    """Mean kappa >= 0.80, every criterion >= 0.65, flag micro-F1 >= 0.75 (tuned sets: a guard)."""
    rows = _rows(name)
    results = [_score(r) for r in rows]
    kappas = [
        quadratic_weighted_kappa([r["labels"][k] for r in rows], [res.points[k] for res in results])
        for k in CRITERIA
    ]
    assert sum(kappas) / len(kappas) >= 0.80
    assert min(kappas) >= 0.65
    assert micro_f1([set(r["flags"]) for r in rows], [set(res.flags) for res in results]) >= 0.75


# --- flags: real phrasings and near-misses ------------------------------------------------

COMPLAINT = "Lampu jalan di gang kami mati seminggu, gelap dan rawan."


def _flags(reply: str, channel: str = "social") -> set[str]:
    return set(score(reply, Context(complaint=COMPLAINT, channel=channel)).flags)


def _points(reply: str, criterion: str, channel: str = "social") -> int:
    return score(reply, Context(complaint=COMPLAINT, channel=channel)).points[criterion]


@pytest.mark.parametrize(
    "reply",
    [
        "Kalau ngomong jangan kurang ajar ya, nanti kamu diperiksa penegak hukum!",
        "Hati-hati kalau posting, akun kamu sudah kami screenshot. Bisa kena UU ITE lho.",
        "Kami undang pemilik akun untuk klarifikasi, dan kalau terulang kami akan ambil langkah hukum.",
        "Saya sudah simpan data akun Anda, siap-siap berurusan dengan aparat.",
    ],
)
def test_threats_are_impolite_and_blame(reply: str) -> None:
    assert {"impolite", "blames_citizen"} <= _flags(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Kejadian pencurian kabel ini sudah kami laporkan ke polisi.",  # reporting a crime is no threat
        "Pelaku perusakan panel akan kami proses sesuai hukum yang berlaku.",
        "Kami akan mengambil langkah hukum terhadap oknum perusak, mohon warga ikut menjaga.",
        "Boleh DM tangkapan layar pesan dan tautannya, Bu?",  # asking for a screenshot as evidence
        "Mohon kirim screenshot tagihannya lewat DM ya, Kak.",
    ],
)
def test_reporting_third_parties_to_the_police_is_not_a_threat(reply: str) -> None:
    assert not _flags(reply) & {"impolite", "blames_citizen"}


@pytest.mark.parametrize(
    "reply",
    [
        "Dek, mending jadi istri pegawai Bapenda aja gimana?",
        "Kakaknya cantik, pantes aja nanya terus.",
        "Tenang dek, yang cantik nggak boleh sedih ya.",
    ],
)
def test_remarks_on_the_citizens_person_are_impolite(reply: str) -> None:
    assert "impolite" in _flags(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Apakah lampunya masih mati sampai sekarang, Bu?",
        "Boleh kami tahu di gang mana tepatnya?",
        "Kok bisa sampai seminggu ya Bu? Boleh kami tahu nomor tiketnya?",
    ],
)
def test_real_questions_are_not_challenges(reply: str) -> None:
    assert "impolite" not in _flags(reply)


def test_a_compliment_about_a_place_is_not_a_remark_on_the_person() -> None:
    assert "impolite" not in _flags("Taman kota kini cantik kembali setelah lampunya kami ganti kemarin.")


@pytest.mark.parametrize(
    "reply",
    [
        "Jangan sampai hilang lagi, jangan membebani kelurahan.",
        "Mohon warga lebih bijak dalam bermedia sosial, bukan dengan memviralkan.",
        "Bapak Ibu harus tahu aturannya ya.",
        "Kami sangat prihatin dengan ulah sebagian masyarakat yang seenaknya membuang sampah.",
        "Banjir itu karena warganya sendiri yang buang sampah ke got.",
        "Sangat kami sayangkan keluhan ini disampaikan di media sosial.",
        "Kalau cuma mengeluh di Facebook, kami punya keterbatasan.",
        "Kalau memang benar, silakan buktikan.",
        "Ngeluh terus, coba sekali-kali bantu kerja bakti.",
        "Bapak jangan marah-marah, kami juga sedang bekerja.",
        "Masyarakat kurang sadar menjaga kebersihan, makanya selokan mampet.",  # public as failing subject
        "Pemohon kurang teliti mengisi formulir.",
        "Bukan kami yang lambat, berkasnya saja yang tidak lengkap dari awal.",
    ],
)
def test_lectures_and_blame_are_flagged(reply: str) -> None:
    assert "blames_citizen" in _flags(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Mohon jangan mendekati kabel yang putus dan jauhkan anak-anak dari lokasi.",  # safety advice
        "Belakangan ini banyak panel lampu yang dirusak orang, makanya lampu tidak menyala.",  # vandalism
        "Kabel lampu di taman itu dicuri orang tidak bertanggung jawab untuk kedua kalinya.",
        "Kami minta Bapak Ibu bersabar karena beberapa staf kami masih isolasi mandiri.",  # patience
        "Makanya saya sendiri turun langsung melayani antrean hari ini.",
        "Kami mohon maaf belum bisa hadir kemarin.",
        "Jangan ragu untuk melapor lagi ya Bu jika lampunya mati kembali.",  # encouragement
        "Warga belum menerima bansos bulan ini, akan kami cek.",  # the citizen's situation, no failing
        "Pelanggan tidak perlu datang ke kantor.",
        "Kakak belum pernah lapor sebelumnya?",  # a question
    ],
)
def test_safety_advice_causes_and_patience_are_not_blame(reply: str) -> None:
    assert "blames_citizen" not in _flags(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Kalau nggak suka ya unfollow aja!",
        "Ya sudah viralkan saja, kami juga sibuk.",
        "Silakan saja diviralkan, kami tidak takut.",
        "hehe nyalon atau engga itu bukan urusanmu bro",
        "Ya kalau mau cepat ya bayar sendiri aja mas 😂",
        "Nyinyirmu semangatku 💪",
        "Kalau tidak puas silakan pindah kota saja.",
        "Situ siapa nyuruh-nyuruh admin?",  # a rhetorical question thrown back
        "Emangnya kami tukang sulap?",
        "Urusan anggaran gak keluar, anggaran apa???",
        "Sabar kak, pemerintah bukan pesulap.",
        "Ya namanya juga air olahan kak. Kalau mau yang nggak bau ya beli air galon.",
    ],
)
def test_snubs_and_mockery_are_impolite(reply: str) -> None:
    assert "impolite" in _flags(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Warga bisa berkoordinasi ke kecamatan karena kecamatan yang berwenang.",
        "Silakan hubungi BPBD saja.",
        "Untuk lampu jalan silakan hubungi Dishub saja Bu, kami di kecamatan tidak mengurus itu.",
        "Kami tidak bisa berbuat apa-apa, armada DLH tidak kunjung datang.",
        "Lampu itu belum masuk data aset kami, sehingga Pemkot belum memiliki kewenangan.",
        "Pelapor dapat menyampaikan langsung kepada pihak yayasan.",
        "Yg kayak gini mending langsung lapor polisi aja, bukan ke kami.",
        "Itu masalah pribadi antartetangga kak, silakan dibicarakan baik-baik.",
        "Silakan lapor ke kecamatan karena kami tidak berwenang.",  # 'kami' after the turn is no destination
        "Silakan lapor polisi saja bukan ke kami.",
    ],
)
def test_turning_the_citizen_away_is_a_refusal(reply: str) -> None:
    assert "rejects_ownership" in _flags(reply, "sambat")


@pytest.mark.parametrize(
    "reply",
    [
        # routing that names the other agency while the office keeps the case
        "Laporan ini sudah kami teruskan ke PLN karena jaringan milik PLN, dan kami pantau sampai tuntas.",
        "Masalah ini akan kami koordinasikan dengan Dinas PUPR supaya ditindaklanjuti.",
        "Silakan datang langsung ke kantor Dispendukcapil dengan membawa bukti pengajuan.",  # service point
        "Bila padam lebih lama, mohon segera menghubungi contact center kami di nomor 123.",  # own number
        "Kami harap Ibu dapat datang ke Unit Pengaduan kami hari Senin.",
        "Silakan hubungi saya ke nomor 0812-3456-7890.",  # the office inside the redirect
        "Silakan tanyakan ke loket pengaduan atau ke petugas kami.",  # the office later in the clause
    ],
)
def test_routing_and_own_service_points_are_not_refusals(reply: str) -> None:
    assert "rejects_ownership" not in _flags(reply, "sambat")


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("Boleh tahu nama lengkapnya siapa?", True),
        ("Silakan tulis NIK dan alamat lengkap di kolom komentar.", True),
        ("Bapak Suryanto warga Jl. Bunga Merak No. 12, laporan Bapak sudah kami terima.", True),
        ("Mohon kirimkan nama, NIK dan alamat lengkap melalui DM ya.", False),
        ("Bagi pelanggan yang membutuhkan air bersih dapat menghubungi WhatsApp 0811-3456-7890.", False),
        ("Untuk jalan tersebut silakan langsung hubungi @dinaspupr_jatim", False),
        ("Mohon maaf Bu, Pak Lurah sedang dinas luar, surat Ibu kami dahulukan.", False),  # an official
    ],
)
def test_disclosure_in_public_and_its_near_misses(reply: str, flagged: bool) -> None:
    assert ("discloses_identity" in _flags(reply)) is flagged


# --- evidence -----------------------------------------------------------------------------


def _texts(result: Result, key: str) -> list[str]:
    return [s.text for s in result.criteria[key].evidence]


def test_a_pure_question_is_never_empathy_evidence() -> None:
    result = score(
        "Apakah Bapak merasa terganggu dengan suara bising tersebut setiap malam?",
        Context(complaint="Tempat karaoke di sebelah rumah bising sampai jam 2 pagi setiap malam."),
    )
    assert result.points["empathy"] == 0
    assert result.criteria["empathy"].evidence == ()
    assert result.points["verification"] == 2  # the question still verifies


def test_empathy_evidence_is_the_sentence_that_earned_it() -> None:
    reply = (
        "Kami turut prihatin Ibu harus menunggu sejak subuh dan anak Ibu sampai tidak sekolah. "
        "Apakah Ibu masih menunggu di loket sekarang?"
    )
    result = score(reply, Context(complaint="Saya antre dari subuh, anak saya sampai tidak sekolah."))
    assert result.points["empathy"] == 2
    assert _texts(result, "empathy") == [
        "Kami turut prihatin Ibu harus menunggu sejak subuh dan anak Ibu sampai tidak sekolah."
    ]


def test_empathy_toward_the_publics_misconduct_is_blame_not_empathy() -> None:
    result = score("Kami sangat prihatin dengan ulah sebagian masyarakat yang membuang sampah sembarangan.")
    assert result.points["empathy"] == 0
    assert "blames_citizen" in result.flags


def test_a_sentence_disclosing_identity_is_never_verification_evidence() -> None:
    result = score("Boleh tahu nama lengkapnya siapa?", Context(channel="social"))
    assert "discloses_identity" in result.flags
    assert result.criteria["verification"].evidence == ()
    private = score("Boleh tahu nama lengkapnya siapa? Mohon dikirim lewat DM ya.", Context(channel="social"))
    assert "discloses_identity" not in private.flags
    assert _texts(private, "verification")  # asked privately: the same question is evidence


def test_a_restated_address_that_discloses_identity_earns_no_verification() -> None:
    result = score(
        "Bapak Suryanto warga Jl. Bunga Merak No. 12, benar rumah Bapak di situ?", Context(channel="social")
    )
    assert "discloses_identity" in result.flags
    assert result.criteria["verification"].evidence == ()


def test_interim_evidence_is_the_step_not_the_excuse() -> None:
    reply = (
        "Banyaknya lampu jalan yang mati itu akibat cuaca buruk beberapa waktu lalu. "
        "Besok pagi petugas Dishub mengganti lampunya."
    )
    result = score(reply)
    assert result.points["interim_solution"] == 2
    assert _texts(result, "interim_solution") == ["Besok pagi petugas Dishub mengganti lampunya."]


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Sambil menunggu, miringkan badan anak dan jangan beri minum dulu.", 2),  # meanwhile, imperative
        ("Sementara itu mohon warga tidak parkir di bawah pohon tersebut.", 2),
        ("Sementara itu kami sedang menyiapkan laporan.", 0),  # "meanwhile" without advice
        ("Segera sy perintahkan lurah Mojolangu, trims infonya", 1),  # an order to a named official
        ("Sudah saya perintahkan Kasi Trantib untuk menertibkan.", 1),
        ("Sudah saya perintahkan lurah, besok pagi petugas kebersihan datang mengangkut sampahnya.", 2),
        ("Instalasinya sudah kami mulai. Ditargetkan rampung 20 Desember.", 2),  # under way + date
        ("Baik, akan kami perbaiki.", 1),  # generic promise
        ("Sesuai Perda Nomor 2 Tahun 2019, PKL dilarang berjualan di trotoar.", 0),  # pasted regulation
        ("Banyaknya lampu yang mati itu akibat cuaca buruk beberapa waktu lalu.", 0),  # excuse
    ],
)
def test_interim_reads_actor_time_and_routing(reply: str, points: int) -> None:
    assert score(reply).points["interim_solution"] == points


def test_a_pasted_regulation_is_not_verification() -> None:
    result = score(
        "[lampiran gambar: Peraturan Wali Kota Nomor 9 Tahun 2018 tentang Hari dan Jam Kerja]",
        Context(channel="social"),
    )
    assert result.points["verification"] == 0


@pytest.mark.parametrize(
    ("reply", "greeting"),
    [
        ("Segera kami tindaklanjuti, terima kasih.", 0),  # closing courtesy
        ("Segera sy perintahkan lurah Mojolangu, trims infonya", 1),  # thanks for the information
        ("Siap pak, segera kami lakukan perbaikan di lokasi pak", 1),  # acknowledgement opening
        ("Akan kami koordinasikan dengan Puskesmas setempat ya kak.", 0),  # "dengan X" mid-sentence
    ],
)
def test_greeting_reads_openings_and_closings(reply: str, greeting: int) -> None:
    assert score(reply).points["greeting"] == greeting


def test_asking_for_the_citizens_help_with_a_ticket_number_is_verification() -> None:
    result = score(
        "Halo kak, boleh dibantu nomor tiket SAMBAT-nya? Nanti kami cek statusnya dan kabari di sini."
    )
    assert result.points["verification"] == 2
    assert result.points["status_followup"] == 2


# --- what the sentence does: rules added after real_probe10–12 ------------------------------


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        (
            "Pelanggan seharusnya rutin memeriksa meter sendiri, jangan baru protes setelah tagihan datang.",
            True,
        ),
        ("Daripada komen nyinyir, mending ikut kerja bakti Minggu besok.", True),
        ("Nggak usah diviralin, kami sudah tahu.", True),
        ("Warga mestinya ikut jaga kebersihan, bukan cuma menuntut.", True),
        ("Kami tidak akan menanggapi keluhan yang disampaikan dengan nada kasar di media sosial.", True),
        # near-misses: encouragement, a needless repeat report, the office's own fault, advice, a noun
        ("Jangan ragu melapor lagi ya kak.", False),
        ("Tidak perlu melapor ulang, laporan Bapak sudah kami terima.", False),
        ("Kami seharusnya memberi kabar lebih awal, mohon maaf.", False),
        ("Bila ditarik lebih, jangan dibayar dan laporkan ke nomor 0341-123456.", False),
        ("Mohon jangan ditutup teleponnya.", False),
        ("Kami belum bisa menjawab di sini karena menyangkut data pribadi, silakan DM.", False),
    ],
)
def test_telling_the_citizen_not_to_complain_or_what_they_should_have_done_is_blame(
    reply: str, blamed: bool
) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        ("Kalau nggak betah tinggal di sini ya pindah aja kak 😊", True),  # discontent, brushed off
        ("Kalau nggak sanggup antre ya jangan datang.", True),
        ("Masa gitu aja telepon darurat.", True),  # the complaint made small
        ("Masalah segitu aja kok diviralkan.", True),
        ("Bapak kalau ngomong yang sopan ya, ini direkam dan bisa kami laporkan ke polisi.", True),
        ("Yang bikin video itu cuma cari sensasi, kurang kerjaan.", True),  # the complainer insulted
        ("Yang posting itu cuma caper.", True),
        # near-misses: an escalation route, a procedure, a crime routed for the citizen, the complainer
        # named without insult
        ("Kalau tidak puas dengan jawaban ini, silakan ajukan keberatan ke Ombudsman.", False),
        ("Laporan tidak bisa kami proses begitu saja tanpa foto.", False),
        ("Kasus penipuan yang Ibu alami sudah kami laporkan ke Polsek Klojen.", False),
        ("Kalau ada pencurian lagi, kami laporkan ke polisi.", False),
        ("Yang melapor sudah kami hubungi dan petugas datang besok.", False),
    ],
)
def test_brush_offs_legal_threats_and_insults_are_impolite_and_blame(reply: str, rude: bool) -> None:
    flags = _flags(reply)
    assert ("impolite" in flags) is rude
    assert ("blames_citizen" in flags) is rude


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Ya Bu, saya cuma operator. Ibu telepon sendiri saja ke PLN 123.", True),
        ("Mohon maaf, laporan Saudara bukan merupakan kewenangan Pemerintah Kota Malang.", True),
        (
            "Laporan terkait jalan nasional bukan kewenangan Pemkot, oleh karena itu telah kami alihkan ke "
            "Kementerian PU.",
            False,
        ),  # routed by the office
        (
            "Nanti Bapak bisa tanyakan perkembangannya dengan menyebutkan nomor itu.",
            False,
        ),  # progress, not developer
        ("Perumahan itu masih tanggung jawab pengembang, silakan tanyakan ke pengembangnya.", True),
    ],
)
def test_refusals_read_through_fillers_and_routing_by_any_verb(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply, "sambat")) is refused


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("Berkas atas nama Rani Putri, Jl. Kalpataru 17, sudah kami cek ya kak.", True),
        (
            "Laporan tentang karaoke di Jl. Candi 3 sudah kami teruskan ke Satpol PP.",
            False,
        ),  # the place reported
    ],
)
def test_a_name_given_as_atas_nama_with_an_address_discloses(reply: str, flagged: bool) -> None:
    assert ("discloses_identity" in _flags(reply)) is flagged


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Update-nya kami posting di story ya.", 2),  # where the report comes: "di …"
        ("Perkembangannya nanti kami umumkan di Instagram ya.", 2),
        ("Kalau sudah ada jadwal, akan kami umumkan di grup WA RW.", 2),
        ("Nanti kalau ada kabar saya WA lagi nggih.", 2),  # the verb is the channel
        ("Saudara akan mendapat notifikasi di aplikasi begitu instansi tersebut memberikan tanggapan.", 2),
        ("Bapak akan dihubungi petugas kami.", 1),  # the citizen will be told, no time or channel
        ("Mohon bersabar dan cek secara berkala.", 1),
        ("Apabila masih terjadi genangan, silakan laporkan kembali.", 1),
        ("Nanti kami kabari perkembangan perbaikan di Jl. Ijen.", 1),  # "di Jl. …" is a place
        ("Kami sampaikan permohonan maaf atas gangguan ini.", 0),  # said now, promises nothing
        ("Menanggapi surat pembaca Bapak, kami sampaikan permohonan maaf.", 0),
        ("Silakan hubungi call center kami kalau masih mati.", 0),
        # an informing verb promised for later that closes its clause tells the citizen the outcome
        ("Masukan kakak kami sampaikan ke manajemen utk evaluasi, nanti kami infokan ya.", 1),
        ("Hasilnya akan kami informasikan kembali, Bu.", 1),
        ("Nanti kami infokan ke dinas terkait ya.", 0),  # informs another office: routing
        ("Akan kami informasikan kepada petugas lapangan.", 0),
        ("Masukannya nanti kami sampaikan ya.", 0),  # "sampaikan" may go to anyone
    ],
)
def test_status_reads_where_and_to_whom_the_report_comes(reply: str, points: int) -> None:
    assert score(reply).points["status_followup"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kalau sudah ada jadwal, akan kami umumkan di grup WA RW.", 0),  # a condition, then a report
        ("Untuk sementara jembatan kami tutup dan warga bisa lewat jalur Desa Sumberejo.", 2),  # stopgap
        ("Tim telah melakukan peninjauan pada 14 Mei.", 2),  # a date after the action
        ("Menanggapi surat pembaca tanggal 3 Maret, pengerjaan saluran itu merupakan proyek Balai.", 0),
        ("Nggih, sudah saya sampaikan ke DLH.", 1),  # the office routes the case
    ],
)
def test_interim_reads_conditions_stopgaps_dates_and_routing(reply: str, points: int) -> None:
    assert score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kalau butuh air bersih bisa minta kiriman tangki di nomor 0341-715103 ya Bu.", 0),  # gives a number
        ("Nanti Bapak bisa tanyakan perkembangannya dengan menyebutkan nomor itu.", 0),  # how to follow up
        ("Boleh kirim foto lokasinya lewat DM?", 2),
    ],
)
def test_verification_is_a_fact_asked_not_one_given(reply: str, points: int) -> None:
    assert score(reply).points["verification"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Mulai malam ini saya tempatkan petugas tambahan di IGD.", 0),  # "saya" + a verb acts
        ("Selamat pagi, saya petugas piket Dishub.", 2),
    ],
)
def test_an_introduction_names_the_speaker_it_does_not_act(reply: str, points: int) -> None:
    assert score(reply).points["greeting"] == points


@pytest.mark.parametrize(
    ("reply", "blamed"),
    [
        ("Mungkin Bapak yang jarang keluar rumah 🙂 Pak Lurah tiap Jumat keliling RW.", True),  # cleft fault
        ("Ibu yang salah isi formulir, jadi ditolak sistem.", True),
        (
            "Kalau warga buang sampah pada tempatnya, saluran tidak akan mampet kan?",
            True,
        ),  # argued with "kan?"
        ("Sudah berkali-kali kami sampaikan, truk itu milik warga sendiri.", True),  # reproach
        # near-misses: a relative clause naming who may act, a real check, a tip
        ("Warga yang belum menerima bantuan dapat melapor ke kelurahan.", False),
        ("Lampunya sudah menyala lagi kan?", False),
        ("Kalau Bapak datang pagi, antreannya masih sepi kok.", False),
    ],
)
def test_the_citizen_named_as_the_one_at_fault_is_blame(reply: str, blamed: bool) -> None:
    assert ("blames_citizen" in _flags(reply)) is blamed


def test_a_smile_on_a_sentence_that_faults_the_citizen_is_mockery() -> None:
    assert "impolite" in _flags("Mungkin Bapak yang jarang keluar rumah 🙂")
    assert "impolite" not in _flags("Mungkin Bapak yang jarang keluar rumah.")
    assert "impolite" not in _flags("Wah, kok bisa ya kak, sopir kami semua sudah bersertifikat lho 😅")


def test_the_office_naming_its_limited_role_takes_no_step_and_turns_the_case_away() -> None:
    result = score(
        "Pencairan PKH itu urusan Kemensos, Bu. Dinsos kabupaten cuma menyalurkan data, jadi kami tidak "
        "punya akses untuk mengecek.",
        Context(channel="sambat"),
    )
    assert result.points["interim_solution"] == 0
    assert "rejects_ownership" in result.flags


def test_an_emoji_before_a_capital_ends_the_sentence() -> None:
    """The apology before "🙏 Boleh DM …?" is not part of the question, so it is empathy."""
    result = score(
        "Mohon maaf atas pengalaman kurang menyenangkan yang dialami ibu Kakak 🙏 Boleh DM nama pasien?"
    )
    assert result.points["empathy"] == 1
    assert result.points["verification"] == 2


def test_someone_elses_check_is_not_how_the_citizen_checks_the_status() -> None:
    reply = "Aduan Saudara tercatat dengan nomor 2025-0613-77. Mohon menunggu proses pemeriksaan oleh Inspektorat."
    assert score(reply).points["status_followup"] == 1
    checkable = "Aduan Saudara tercatat dengan nomor 2025-0613-77. Silakan periksa statusnya di aplikasi."
    assert score(checkable).points["status_followup"] == 2


@pytest.mark.parametrize(
    ("reply", "rude"),
    [
        # differently worded replies of the kinds above
        (
            "Kalau tidak cocok dengan layanan kami, ya cari yang lain saja.",
            True,
        ),  # office named in the condition
        ("Persoalan sekecil ini saja kok dilaporkan ke Wali Kota.", True),
        ("Akun yang menyebar video ini akan kami laporkan ke polisi.", True),  # the poster threatened
        ("Pemilik akun ini sudah kami catat dan akan kami proses hukum.", True),
        # near-misses: the office answers the condition itself; a crime already routed
        ("Kalau Bapak tidak puas, ya kami mohon maaf, akan kami perbaiki.", False),
        ("Akun pelapor sudah kami hubungi, kasusnya sudah kami laporkan ke polisi.", False),
    ],
)
def test_variants_of_brush_offs_and_threats(reply: str, rude: bool) -> None:
    assert ("impolite" in _flags(reply)) is rude


def test_variants_of_status_channels_and_cleft_blame() -> None:
    shared = "Laporan kakak sudah kami terima, update-nya kami share lewat story besok sore."
    assert score(shared).points["status_followup"] == 2
    assert "blames_citizen" in _flags("Emang Ibu yang kurang teliti baca pengumuman.")


# --- real_probe20 and the blind sets real_probe24-26: kinds and their near-misses -------------


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # mocking the complainant is blame as well as rudeness (the guide: "blames, mocks or lectures")
        (
            "Wah bapak hebat ya bisa lihat semua pelanggaran, sekalian aja jadi petugas 😂",
            {"blames_citizen", "impolite"},
        ),
        ("Makasih sudah jadi wartawan dadakan ya, Bu 👏", {"blames_citizen", "impolite"}),
        ("Pintar banget ya kak nyari kesalahan orang 🤣", {"blames_citizen", "impolite"}),
        (
            "Wkwk gampang ya kalau cuma ngetik dari HP. Jangan jago di kolom komentar aja.",
            {"blames_citizen", "impolite"},
        ),
        # a mocking question snubs without faulting: rude only
        ("Situ siapa nyuruh-nyuruh admin? 😂", {"impolite"}),
        # near-misses: sincere praise or a laugh shared with the citizen's feeling
        ("Terima kasih kak, laporannya sangat teliti 👏 Segera kami cek besok pagi.", set()),
        ("Terima kasih warga RW 05 yang sudah kerja bakti, keren 👏", set()),
        ("Wkwk iya kak, paham kok keselnya 😅 Besok pagi petugas kami datang.", set()),
    ],
)
def test_mockery_of_the_complainant_is_blame_and_rudeness(reply: str, expected: set[str]) -> None:
    assert _flags(reply) & {"blames_citizen", "impolite"} == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Yg lapor jalan rusak, kemarin pas gotong royong ke mana aja? 😏", {"blames_citizen"}),
        ("Yang buang sampah ke sungai itu siapa? Ya warga sendiri.", {"blames_citizen"}),
        # near-misses: real questions about who reported, or whom to reprimand
        ("Yang lapor tadi pagi siapa ya? Boleh kami minta nomornya?", set()),
        ("Siapa nama petugasnya, Bu? Ya nanti kami tegur.", set()),
    ],
)
def test_questions_thrown_at_complainers_are_blame(reply: str, expected: set[str]) -> None:
    assert _flags(reply) & {"blames_citizen"} == expected


def test_a_question_thrown_at_complainers_verifies_nothing() -> None:
    reply = "Yang protes jalan, kemarin kerja bakti hari Minggu ada di mana? 😏"
    assert _points(reply, "verification") == 0


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # how to behave while complaining, the public told to become aware
        ("Ya ampun Bu, nggak usah teriak-teriak, saya juga dengar.", "blames_citizen", True),
        ("Bapak jangan bicara begitu di sini ya.", "blames_citizen", True),
        ("Tolong masyarakat sadar, cukup dua orang penunggu pasien.", "blames_citizen", True),
        ("JANGAN CUMA NYALAHIN DINAS.", "blames_citizen", True),
        # the citizen's aid or security held over them
        ("Kalau diulang, nama ibu saya coret dari usulan bansos.", "impolite", True),
        ("Kalau Ibu ribut terus, saya panggil satpam.", "impolite", True),
        # the trouble waved off as everyone's
        ("Semua juga nunggu, bukan Kakak saja 🙏", "impolite", True),
        ("Yang padam itu satu kelurahan, bukan cuma rumah Ibu.", "impolite", True),
        # near-misses: safety advice, calm reassurance, a patrol on offenders
        ("Mohon jangan mendekati kabel yang putus, petugas kami segera datang.", "blames_citizen", False),
        ("Warga tidak perlu khawatir, air akan jernih kembali besok pagi.", "blames_citizen", False),
        ("Jukir liar yang memaksa akan kami tertibkan bersama Satpol PP.", "impolite", False),
    ],
)
def test_lectures_threats_and_waving_off(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        ("Btw suaranya di video tadi merdu banget, boleh kali kapan2 ngopi bareng admin 😍", True),
        ("Btw adek manis2 ya, kalo bingung DM abang aja 😁", True),
        # near-misses: a community event, a heart-eyes thank-you, a compliment on a place
        ("Pak Wali ngopi bareng warga di taman kota Jumat ini, silakan hadir.", False),
        ("Terima kasih kak 😍 laporannya sudah kami teruskan.", False),
        ("Btw taman kota sekarang cantik kembali setelah lampunya kami ganti.", False),
    ],
)
def test_asides_on_the_citizens_person_are_impolite(reply: str, raised: bool) -> None:
    assert ("impolite" in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "refused"),
    [
        ("Kuota solar ditentukan BPH Migas. Kami di daerah ya cuma bisa pasrah.", True),
        ("Lumpur itu dari proyek swasta kak. Kami sarankan langsung tegur kontraktornya.", True),
        # near-misses: the citizen's resignation acknowledged; covered by BPJS; a call back to the office
        ("Kami memahami warga hanya bisa pasrah menunggu, mohon maaf.", False),
        ("Perlu kami luruskan, semua obat dalam Formularium Nasional ditanggung BPJS.", False),
        (
            "Air keruh karena pengurasan reservoir. Kalau besok masih keruh, telepon lagi ke sini ya Bu.",
            False,
        ),
        (
            "Lumpur itu dari proyek swasta kak. Kontraktornya sudah kami tegur, besok pagi jalan dibersihkan.",
            False,
        ),
    ],
)
def test_resignation_and_private_projects_turn_the_citizen_away(reply: str, refused: bool) -> None:
    assert ("rejects_ownership" in _flags(reply)) is refused


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Kalau besok masih keruh, telepon lagi ke sini ya Bu.", 1),  # the citizen to report back
        ("Kalau Selasa belum beres, kabari staf saya di posko.", 1),
        ("Terima kasih, laporan sudah kami terima.", 0),
    ],
)
def test_asking_the_citizen_to_report_back_is_a_vague_status(reply: str, points: int) -> None:
    assert score(reply).points["status_followup"] == points


def test_informal_reduplication_reads_as_the_word() -> None:
    # "manis2" is "manis-manis", not a number; "bpk2 ibu2" are "bapak-bapak ibu-ibu"
    assert "impolite" in _flags("Tenang dek, yang manis2 nggak boleh sedih ya.")
    assert "impolite" not in _flags("Tenang dek, yang 22 orang sudah kami data.")


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the way to do it, answered at once; where to bring or collect what is needed
        ("Bisa lewat aplikasi Mobile JKN ya kak.", 2),
        ("Bisa kak, lewat e-Samsat, tidak perlu antre.", 2),
        ("Silakan Ibu datang ke kelurahan bawa KK untuk usulan ulang.", 2),
        ("Mohon bawa buku nikah asli ke loket Dukcapil besok ya Bu.", 2),
        ("Kuitansinya bisa diklaim ke kasir rawat inap ya Bu, dengan melampirkan resep asli.", 2),
        ("Surat rekomendasinya sudah jadi, silakan ambil di bidang Linjamsos.", 2),
        # the citizen sent back to come again, the rule or the schedule restated: no step
        ("Kuota poli gigi sudah habis Pak. Besok saja balik lagi.", 0),
        ("Puskesmas hari Minggu memang tutup Bu, itu sudah aturan. Hari Senin saja dibawa lagi.", 0),
        ("Jaringan sedang gangguan. Ambil nomor lagi besok.", 0),
        ("Ya Pak, jadwal angkut di wilayah Bapak itu Selasa dan Jumat.", 0),
        # near-misses: work under way with a time, a look-in this afternoon
        ("Memang ada perbaikan pipa di Sawojajar, perkiraan normal pukul 18.00.", 2),
        ("Nanti sore langsung dilakukan peninjauan oleh tim kami.", 2),
    ],
)
def test_interim_reads_ways_to_act_and_sending_back(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution", "tatap_muka") == points


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        # the name anywhere once the citizen's own address is given; "a.n."; a number the office called
        (
            "Halo Bu Sri Wahyuni, sudah kami cek ya. Untuk alamat Ibu di Jl. Cempaka II No. 21 RT 04, "
            "data Ibu belum masuk DTKS.",
            True,
        ),
        ("Sudah kami cek, pasien a.n. Ni Wayan Sukerti, alamat Jl. Gora II Cakranegara.", True),
        ("Ibu Sri sudah kami telp ke nomor 0853-3712-4458 tapi tidak diangkat.", True),
        # near-misses: the office's own posko number; two addressees; a place in the complaint
        ("Jika ada oknum menawarkan, laporkan ke WA Posko PPDB Dikbud NTB 0812-3760-5521.", False),
        ("Selamat pagi Bapak/Ibu, genangan sampai masuk garasi rumah warga blok C, mohon maaf.", False),
        ("Silakan hubungi kami di 0811-6612-4400 dengan menyebutkan nomor sambungan.", False),
    ],
)
def test_disclosure_reads_whose_name_address_and_number(reply: str, flagged: bool) -> None:
    assert ("discloses_identity" in _flags(reply)) is flagged


def test_so_then_before_a_bare_verb_tells_the_citizen() -> None:
    # "Makanya datang lebih pagi" tells the citizen what they should have done; "makanya lampu mati" explains
    assert "blames_citizen" in _flags("Kuota cuma 20 sehari. Makanya datang lebih pagi, jam 6 sudah antre.")
    assert "blames_citizen" not in _flags("Kabelnya putus kena pohon tumbang, makanya lampu mati.")


def test_eastern_first_person_is_the_office() -> None:
    # "beta" (Ambon, Kupang) and "sa" (Papua) are "saya": "nanti beta sampaikan" is handling (1)
    assert score("Soal sampah nanti beta sampaikan ke petugas kebersihan.").points["interim_solution"] == 1


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Sementara itu hati-hati saat melintas ya kak.", 1),  # care at the hazard
        ("Sudah kami teruskan ke tim APILL. Hati2 di jalan 🙏", 0),  # a parting courtesy
    ],
)
def test_care_at_the_hazard_is_empathy_a_parting_courtesy_is_not(reply: str, points: int) -> None:
    assert score(reply).points["empathy"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Selamat siang, Dishub Kota Palu. Simpang yang mana, Pak?", 2),  # the phone answered with the unit
        ("Selamat malam, Call Center 112 Balikpapan dengan Dewi.", 2),
        ("Selamat siang Pak, lampunya sudah kami ganti.", 1),  # a bare greeting
    ],
)
def test_answering_with_the_units_name_introduces(reply: str, points: int) -> None:
    assert score(reply).points["greeting"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Nanti kami cek dan balas di DM.", 2),  # an answer promised, with where it comes
        ("Hal ini akan kami sampaikan ke Dinas Pendidikan agar dapat segera ditindaklanjuti.", 0),  # purpose
        ("Mohon tidak ikut menyebarkan sebelum dicek kebenarannya.", 0),  # negated: watches nothing
        ("Boleh saya lihat nomor antreannya?", 0),  # the officer asks to look
        ("Bila melihat hal mencurigakan, segera hubungi 110.", 0),  # a number for the citizen to call
        ("Petugas ambulans akan telepon ke nomor ini sebelum sampai.", 2),  # near-miss: the call back
    ],
)
def test_status_reads_answers_purposes_and_the_officers_own_looks(reply: str, points: int) -> None:
    assert score(reply).points["status_followup"] == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Boleh saya pinjam kartu BPJS-nya Pak, saya cek nomornya dulu.", 2),
        ("Silakan hubungi WA kami dengan menyebutkan nomor sambungan pelanggan.", 2),
        ("Utk pengecekan status PKH mohon kirim NIK lewat inbox ya Bu.", 2),
        # near-miss: quoting the number the office gave, to follow the case up
        ("Nanti Bapak bisa tanyakan perkembangannya dengan menyebutkan nomor itu kalau telepon lagi.", 0),
    ],
)
def test_verification_reads_documents_shown_and_facts_to_quote(reply: str, points: int) -> None:
    assert _points(reply, "verification", "callcenter") == points


def test_an_emoji_between_words_ends_a_sentence() -> None:
    # the apology before the emoji is not part of the question after it; the advice before an aside stands
    apology = score("Mohon maaf kak 🙏 bisa diinfokan lebih detail kak?")
    assert apology.points["empathy"] == 1
    advice = score(
        "Bisa lewat e-Samsat kak, ga perlu antre 😊 btw foto profilnya manis bgt kak, boleh kenalan? 😍"
    )
    assert advice.points["interim_solution"] == 2
    assert "impolite" in advice.flags


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Petugas farmasi sudah kami tambah shift siang mulai hari ini.", 2),
        ("Mulai 2 September diterapkan antrean online di Puskesmas Genteng.", 2),
        ("Pendamping yang bertugas sudah kami panggil hari Senin.", 2),
        ("Saya reset sekarang ya Bu, password barunya saya tulis di kertas ini.", 2),
        ("Penambahan petugas masih kami usulkan.", 1),  # near-miss: a noun and a proposal, no step
    ],
)
def test_adding_staff_applying_a_measure_and_summoning_are_steps(reply: str, points: int) -> None:
    assert score(reply).points["interim_solution"] == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Bah, kuota dah habis. Kalau tak sabar, tak usah lah bikin paspor.", "impolite", True),
        ("Kalau anaknya sesak bawa aja ke puskesmas, jangan nelpon ke sini terus.", "blames_citizen", True),
        ("Ciee yg baru bangun siang 😂 Makanye dateng pagian dong, jgn mepet-mepet.", "blames_citizen", True),
        ("Aduh Neng, suaranya merdu bener dah, abang jadi pengen jagain sendiri nih.", "impolite", True),
        # near-misses: the office mediates; an official calls the citizen in; "kami tidak punya kewenangan"
        # still refuses
        (
            "Nanti kita selesaikan secara kekeluargaan nggih, saya datang ke rumah Bapak besok.",
            "rejects_ownership",
            False,
        ),
        (
            "Ibu silakan tunggu, nanti Kasi Lalu Lintas Keimigrasian sendiri yang panggil.",
            "blames_citizen",
            False,
        ),
        ("Data DTKS diperbarui oleh pusat. Kami tidak punya kewenangan.", "rejects_ownership", True),
    ],
)
def test_sneers_nagging_betawi_lectures_and_their_near_misses(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Bapak jangan pegang kabel ataupun motornya ya.", 2),
        ("Biar cepat, Bapak bisa bayar lewat aplikasi SIGNAL.", 2),
        ("Jangan ditulis di kolom komentar ya Bun, demi keamanan data ananda.", 0),  # a noun, no advice
    ],
)
def test_interim_reads_safety_self_service_and_not_nouns(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Biar tidak antre, bisa bayar via aplikasi SIGNAL atau ke Samsat Keliling tiap Selasa.", 2),
        ("Uang yang sudah dibayar bisa diminta kembali ke bendahara koperasi mulai Senin.", 2),
        ("Loket pendaftaran emang tutup jam 12 kak, pembayaran sampe jam 3.", 0),  # "emang" = "memang"
    ],
)
def test_interim_reads_lead_in_clauses_refunds_and_restated_hours(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Bisa Pak, urus dulu surat kehilangan di Polsek, lalu bawa surat itu ke Samsat induk.", 2),
        ("Segera matikan listrik di rumah, Bu.", 2),
        # states, not the advice "matikan"/"amankan"
        ("Air mati karena pompa kami tidak jalan.", 0),
        ("Denda baru berlaku lewat jatuh tempo, jadi masih aman Pak.", 0),
    ],
)
def test_interim_reads_steps_in_order_and_not_states(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution", "sambat") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Itu sampah warga sendiri bu, truk sudah angkut tiap jam 6 pagi.", "blames_citizen", True),
        ("Yg ngerekam sekalian bantu nyapu dong kak, jgn cuma bikin konten 🤭", "blames_citizen", True),
        ("Yg ngerekam sekalian bantu nyapu dong kak, jgn cuma bikin konten 🤭", "impolite", True),
        ("Mau kami laporkan balik pencemaran nama baik?", "impolite", True),
        # near-misses: the office forwards the report; the office's own number far after its name
        (
            "Mohon dilengkapi informasi tambahan agar laporan dapat diteruskan kepada instansi yang berwenang.",
            "rejects_ownership",
            False,
        ),
        (
            "Kakak bisa langsung WA call center UPTD Persampahan DLH di 0811-4170-2235 ya.",
            "discloses_identity",
            False,
        ),
        ("Ibu Sri, nomor Ibu 0853-3712-4458 sudah kami catat.", "discloses_identity", True),
    ],
)
def test_the_publics_own_mess_content_threat_questions_and_near_misses(
    reply: str, flag: str, raised: bool
) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # the office or a named actor doing something at a stated time, whatever the verb
        ("Minggu pagi jam 7 kita gotong royong korek parit di Gg. Rukun.", 2),
        ("Sdh sy telpon DLH, truk masuk besok jam 7 pagi.", 2),
        ("Sore ini sy minta petugas kebersihan kelurahan rapikan dulu spy tdk meluber ke jalan.", 2),
        (
            "Gangguan disebabkan layang-layang; tim ULP Panam melakukan rabas pohon mulai hari ini s.d. Sabtu.",
            2,
        ),
        ("Kalau masih, nanti saya yang bicara langsung hari Minggu.", 2),
        # near-misses: routine, a fact restated, a defence, acknowledging, pending, a news promise,
        # a derived word that is no time ("harian"), a request to another agency
        ("Pak Lurah tiap Jumat keliling RW.", 0),
        ("Puskesmas hari Minggu memang tutup Bu, itu sudah aturan.", 0),
        ("Dokter kami sudah di puskesmas sejak jam 8.", 0),
        ("Laporan Bapak sudah kami terima hari ini.", 0),
        ("Sekarang masih kami susun agendanya.", 1),  # pending: vague, not a step
        ("Kami akan menghubungi Bapak lewat telepon, paling lambat hari Kamis.", 0),
        ("Menanggapi surat Saudara di harian ini, kami sampaikan bahwa berkasnya belum lengkap.", 0),
        ("Kami tidak bisa datang besok.", 0),
    ],
)
def test_interim_reads_a_timed_step_by_its_grammar(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "sentences"),
    [
        # "s.d." (sampai dengan) and "a.n." end no sentence; a semicolon ends one
        ("Perbaikan mulai hari ini s.d. Sabtu. Terima kasih.", 2),
        ("Gangguan karena layang-layang; tim kami memangkas pohon hari ini.", 2),
    ],
)
def test_dotted_abbreviations_and_semicolons_split_sentences(reply: str, sentences: int) -> None:
    from scoring.normalize import tokenize
    from scoring.rubric import default_rubric

    assert len(tokenize(reply, default_rubric().lexicon).sentences) == sentences


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Wa'alaikumsalam pak. Sy Lurah Ujung Sabbang, mksh infonya.", 2),
        ("Horas Amang, kami dari Call Center Tirtanadi.", 2),
        ("Saya selaku petugas piket mohon maaf atas keterlambatannya.", 1),
        ("Saya Rina, admin pengaduan Dishub.", 1),
        # near-miss: the office acting on its staff introduces no one
        ("Sore ini sy minta petugas kebersihan rapikan dulu.", 0),
        ("Bsk pagi sy suruh petugas kebersihan kelurahan angkut sampahnya.", 0),
    ],
)
def test_greeting_reads_answered_and_regional_salam_and_not_orders_to_staff(reply: str, points: int) -> None:
    assert _points(reply, "greeting") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        # lectures: the public's duty as the condition of the service, complaining late, airing it
        ("Jaga dulu lingkungannya baru minta lampu.", "blames_citizen", True),
        ("Sebaiknya pelanggan lebih rajin memeriksa instalasi di rumahnya.", "blames_citizen", True),
        ("Jangan baru mengeluh setelah tagihan membengkak.", "blames_citizen", True),
        ("Kalau mau protes datang ke ruang pengaduan, jangan diumbar di FB.", "blames_citizen", True),
        (
            "Kesadaran masyarakatnya dulu yg dibenahi, jangan apa2 disalahkan ke petugas 🙏",
            "blames_citizen",
            True,
        ),
        ("Semua orang bisa kok asal baca panduannya. Anak SMA aja bisa.", "impolite", True),
        ("Semua orang bisa kok asal baca panduannya. Anak SMA aja bisa.", "blames_citizen", True),
        # near-misses: the office's own sequence; a section of the office; a case's category; the
        # complaint's topic
        ("Kami cek dulu ke lokasi, baru kami minta PLN memangkas pohonnya.", "blames_citizen", False),
        ("Berkas Bapak masih antre di seksi pengukuran, Pak.", "impolite", False),
        ("Penyerobotan patok merupakan ranah pidana, Saudara dapat melapor ke Polres.", "impolite", False),
        ("Kalo soal bentor parkir sembarang itu ranah Satlantas kak.", "blames_citizen", False),
        # Manado/Gorontalo "torang nda bisa": the office's helplessness, read
        (
            "Itu ranah Satlantas dang kak, torang nda bisa tindak. Coba lapor jo di Polres.",
            "rejects_ownership",
            True,
        ),
    ],
)
def test_lectures_belittling_and_dialect_and_their_near_misses(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        ("Baik bu, silakan tulis di kolom komentar nama pasien, No. RM dan tanggal rawat.", True),
        # the public place ruled out, or the data asked through a named private channel
        ("Mohon kirim nomor KIS dan nama pasien lewat WA pengaduan RSUD ya Kak (jangan di komentar).", False),
        ("Silakan kirim nama pasien dan nomor RM via email pengaduan kami.", False),
    ],
)
def test_records_asked_in_public_disclose_and_private_channels_do_not(reply: str, raised: bool) -> None:
    assert ("discloses_identity" in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # a dated step: the date clause before the team, a condition after the step
        ("Mulai Senin, 14 Juli, petugas pendaftaran akan mengumumkan apabila dokter terlambat.", 2),
        # the timetable restated is no step
        ("SUDAH KAMI JELASKAN BERKALI-KALI, jadwal angkut wilayah Cilodong SELASA & JUMAT.", 0),
        # the public addressed by "bagi … yang": advice
        ("Bagi wajib pajak yg keberatan dpt mengajukan permohonan keberatan di loket Bapenda.", 2),
        ("Bapak dapat langsung ke meja pendampingan OSS di Mal Pelayanan Publik lantai 1.", 2),
        # advice opening a clause that speaks to the citizen; Malay "-nyo"
        ("Jukir resmi pakai rompi Dishub, mintak karcisnyo ya.", 2),
        # near-miss: a distance, not the advice "jauhi"
        ("Lomba diadakan di lobi, jauh dari ruang perawatan, jadi tidak ada kaitannya.", 0),
    ],
)
def test_interim_reads_dated_teams_addressed_groups_and_clause_advice(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Masalahnya warga sendiri banyak yang tidak urus data waktu pendataan.", "blames_citizen", True),
        ("Ke depan tolong hadir, jangan tunggu bantuan datang baru baku marah.", "blames_citizen", True),
        (
            "Itu drainase primer Bu, punya Dinas SDABMBK Kota, bukan camat yang kerjakan.",
            "rejects_ownership",
            True,
        ),
        ("Kalau air itu urusannya PTMB, Pak, bukan pengelola rusun.", "rejects_ownership", True),
        (
            "SUDAH KAMI JELASKAN BERKALI-KALI, jadwal angkut wilayah Cilodong Selasa dan Jumat.",
            "impolite",
            True,
        ),
        # near-misses: an unknown person; a formal sending-away (a refusal, not a sneer); safety; a
        # letterhead in capitals
        ("Papannya dirusak orang tidak dikenal malam Jumat kemarin.", "impolite", False),
        (
            "Dengan ini yang bersangkutan dipersilakan mengurus sendiri ke instansi terkait.",
            "impolite",
            False,
        ),
        (
            "Bapak dan keluarga menjauh dulu dari rumah yang terbakar, jangan coba masuk lagi.",
            "blames_citizen",
            False,
        ),
        (
            "DINAS LINGKUNGAN HIDUP KOTA DEPOK. Terima kasih atas laporannya, jadwal angkut di wilayah Bapak "
            "kami tambah mulai minggu depan dan petugas kami cek lokasinya besok pagi.",
            "impolite",
            False,
        ),
    ],
)
def test_public_as_the_problem_not_the_doer_shouted_clauses_and_near_misses(
    reply: str, flag: str, raised: bool
) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Posisi bus real-time bisa kakak cek dulu di aplikasi GoBis sebelum berangkat ke halte ya.", 2),
        ("Bapak juga bisa langsung temui petugas BPJS SATU! di lantai 1 RSUD.", 2),
        ("Kakak bisa daftar manual langsung di KUA Bintan Timur, bawa berkas N1–N4.", 2),
        ("Bawa akta kematian bapa, KK lama dan KTP-el kaka ke loket Disdukcapil di Entrop.", 2),
        ("Silakan ibu ke sekolah untuk diusulkan ulang melalui Dapodik ya bu.", 2),
        # near-miss: following the report's own status in an app is status, not a step
        ("Terima kasih. Silakan pantau status laporan di aplikasi LAPOR!.", 0),
        ("Laporan sudah kami catat dan bisa dipantau melalui aplikasi SAMBAT.", 0),
    ],
)
def test_interim_reads_self_service_desks_and_documents_to_bring(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Salamat siang pian. Tim TRC BPBD sudah turun ke Sungai Lulut.", 1),
        ("Om Swastyastu, suksma infonya 🙏", 2),
        ("Selamat sore. Makase infonya ya.", 2),
        ("Iye Bu, dengan Andi dari Call Center 112 Makassar.", 2),
        ("Baik Pak, dengan 112 Kota Padang.", 2),
        # near-misses: "orang tak dikenal" introduces no one; "punten" before a question is "excuse me"
        ("Kabel PJU di ruas itu dicuri orang tak dikenal hari Senin lalu.", 0),
        ("Hatur nuhun infona, Kak. Punten, tiasa DM lokasi persisna?", 1),
    ],
)
def test_greeting_reads_regional_openers_and_unit_names_not_unknown_persons(reply: str, points: int) -> None:
    assert _points(reply, "greeting") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        (
            "Tapi ya masyarakatnya juga, wong dimintai sepuluh ribu kok ya mau-mau saja dibayar.",
            "blames_citizen",
            True,
        ),
        ("Lha nek ra diwenehi karcis kok yo gelem mbayar to mas 😅", "blames_citizen", True),
        ("Sampeyan dhewe sing gelem tuku nang calo, terus salahe sopo lur?", "blames_citizen", True),
        ("Sampahnya kan dari warga sekitar juga kak 🙏", "blames_citizen", True),
        ("JANGAN TELEPON TIAP JAM, kami bukan cuma urus Bapak seorang.", "blames_citizen", True),
        # near-miss: the residents as those who can also report, no fault
        ("Warga juga bisa melapor lewat aplikasi bila ada penumpukan lagi.", "blames_citizen", False),
    ],
)
def test_blame_reads_paying_up_whose_fault_and_the_publics_share(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Silakan bawa KTP dan KK mama ke kantor Kelurahan Biawu untuk didaftarkan ulang.", 2),
        ("Untuk pajak tahunan sebenarnya tidak perlu ke kantor, bisa lewat aplikasi SIGNAL.", 2),
        # near-miss: service hours restated are no step; inspecting a business's hours tonight is one
        ("Jam layanan sudah jelas ditempel di depan, buka jam 08.00.", 0),
        ("Malam ini tim kami akan mendatangi lokasi untuk memeriksa izin dan jam operasionalnya.", 2),
    ],
)
def test_interim_reads_documents_to_bring_apps_and_not_restated_hours(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Jangan mentang-mentang anaknya sakit terus minta didahulukan, Bu.", "blames_citizen", True),
        (
            "Jadi dari PLN tidak bisa kirim petugas. Ibu langsung saja ke Dishub Kabupaten Pandeglang ya.",
            "rejects_ownership",
            True,
        ),
        # near-miss: intent denied, the case kept
        (
            "Kamar kelas tiga memang penuh semua, bukan kami sengaja. Bapak sudah kami masukkan daftar tunggu.",
            "rejects_ownership",
            False,
        ),
    ],
)
def test_scolding_for_priority_sending_to_another_body_and_denied_intent(
    reply: str, flag: str, raised: bool
) -> None:
    assert (flag in _flags(reply)) is raised


@pytest.mark.parametrize(
    ("reply", "criterion", "points"),
    [
        # a step that cannot be taken now is no step; the citizen's arrival named is no step
        (
            "Pemangkasan pohon saat ini belum dapat kami laksanakan karena armada skylift rusak.",
            "interim_solution",
            0,
        ),
        ("Ibu datangnya jam 7, yang nomor awal itu udah nunggu dari subuh.", "interim_solution", 0),
        # a ticket number given, and where to check it
        (
            "Sdh tercatat no. 1802209145, statusnya bs dicek di menu Riwayat Pengaduan aplikasi PLN Mobile ya.",
            "status_followup",
            2,
        ),
        ("Laporan Bapak sudah kami catat dengan nomor agenda K-2311-0457.", "status_followup", 1),
        # Betawi "-in"
        ("Nanti kami sampaikan ke PPSU ya Bu, biar dicek. Nanti dikabarin lagi.", "status_followup", 1),
    ],
)
def test_cannot_do_nominal_arrivals_tickets_and_betawi(reply: str, criterion: str, points: int) -> None:
    assert _points(reply, criterion) == points


# --- real_probe43-45: arrival times, advice for today, the news in the passive ------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # an estimated arrival dates the step before it; the cause after the time explains the wait
        (
            "Petugas Yantek ULP Medan Kota akan ke lokasi, estimasi 2-3 jam karena gangguan hari ini banyak.",
            2,
        ),
        ("Tim BPBD dan Damkar sudah kami kontak, estimasi 20-30 menit karena aksesnya juga tergenang.", 2),
        ("Sudah kami buatkan SPK perbaikan, petugas teknik datang paling lambat 3x24 jam.", 2),
        # near-miss: only an acknowledgement, with the wait explained
        ("Laporan sudah kami terima, estimasi 20 menit karena antrean.", 0),
        # near-miss: sent back to come again is no step
        ("Ibu bisa datang lagi besok ya.", 0),
        # near-miss: the office calling the citizen back is news promised (status), not a step
        ("Petugas cabang akan telepon Bapak maksimal 2x24 jam hari kerja untuk minta dokumen pengganti.", 0),
        # near-miss: a step the office cannot take, whatever the time
        ("Untuk pemangkasan pohon saat ini belum dapat kami laksanakan karena armada skylift rusak.", 0),
        # the case passed on in the passive is handling (1); an aim after a question is no step
        ("Ruas itu jalan provinsi, laporan sudah diteruskan ke Dinas PUPR Provinsi NTB.", 1),
        ("Sudah kami eskalasi ke Kantor Cabang Cikokol dengan nomor tiket 0611-4471.", 1),
        ("Boleh info titik tepatnya? Supaya tim Satpol PP Kecamatan Senen bisa menertibkan.", 1),
        # near-miss: someone else already called in for a job interview is no routing of this case
        ("Coba dicek lagi CV-nya. Banyak peserta lain yg sudah dipanggil interview.", 0),
        ("Kalau sudah biru jangan tunggu, bawa pakai mobil tetangga atau taksi online ke IGD RSUD.", 2),
    ],
)
def test_interim_arrival_times_advice_for_today_and_passive_routing(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution", channel="callcenter") == points


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        ("Info selanjutnya diposting di akun ini.", 2),
        ("Hasil verifikasi dikabarkan di laporan ini maksimal 2x24 jam.", 2),
        (
            "Foto sebelum dan sesudah pekerjaan akan kami unggah pada tindak lanjut laporan ini paling lambat Senin.",
            2,
        ),
        # near-miss: the citizen told to follow the account is watching (1), not news promised
        ("Pantau terus info terbaru di IG kami.", 1),
        # near-miss: news already given is no promise
        ("Informasinya sudah kami posting kemarin.", 0),
    ],
)
def test_status_the_news_in_the_passive_and_before_and_after_photos(reply: str, points: int) -> None:
    assert _points(reply, "status_followup") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        (
            "Namun pasien diharapkan disiplin, jangan datang saat obat sudah habis baru mengeluh.",
            "blames_citizen",
            True,
        ),
        ("Baru lampu mati sudah ribut di medsos 😂", "blames_citizen", True),
        ("Ini nomor darurat. Jangan main-main pakai nomor ini ya.", "blames_citizen", True),
        # near-miss: a patient's state, not a failing
        ("Saya ngerti Ibu panik, Bapak tiba-tiba nggak sadar begitu.", "blames_citizen", False),
        ("Pasien tidak sadarkan diri, ambulans kami berangkat sekarang.", "blames_citizen", False),
        # the failing still counts
        ("Warga di sini memang tidak sadar kebersihan.", "blames_citizen", True),
        # routing in the passive keeps the case: naming the owner is no refusal then
        (
            "Ruas itu jalan provinsi, laporan sudah diteruskan ke Dinas PUPR Provinsi.",
            "rejects_ownership",
            False,
        ),
    ],
)
def test_complaining_late_misusing_the_line_and_a_patients_state(reply: str, flag: str, raised: bool) -> None:
    assert (flag in _flags(reply)) is raised


# --- real_probe46-48 (after their untuned first run): stopgaps, documents to bring, lectures ----------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # a named team's stopgap meanwhile
        (
            "Sudah kami teruskan ke tim APILL. Sementara di lokasi sudah ada 2 personel Dishub yg ngatur lalu lintas.",
            2,
        ),
        # near-miss: "sementara" with no one acting is no stopgap (still pending: 1)
        ("Sementara itu laporan masih dalam antrean.", 1),
        # the addressee told what to bring where
        ("Kalau tidak terdaftar, Ibu bawa KTP dan KK ke kantor desa utk diusulkan ulang.", 2),
        ("Cukup bawa KK asli dan fotokopinya, langsung ke ruang perekaman lantai 1.", 2),
        # an objection filed through the service's own form
        ("Kalau ada keberatan bisa ajukan sanggahan lewat aplikasi itu.", 2),
        # near-miss: a document kept at home is no step
        ("Ibu bawa pulang saja dulu berkasnya.", 0),
    ],
)
def test_interim_a_teams_stopgap_documents_to_bring_and_the_services_form(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        (
            "Mohon pelapor membaca tanggapan sebelumnya terlebih dahulu sebelum membuat laporan baru.",
            "blames_citizen",
            True,
        ),
        ("Bapak tidak usah telepon berkali-kali ya, laporannya sudah masuk.", "blames_citizen", True),
        ("Nelpon berulang-ulang juga nggak bikin petugas lebih cepat sampai, Pak.", "blames_citizen", True),
        ("Mohon warga juga introspeksi, sampah numpuk di depo.", "blames_citizen", True),
        ("Kalau mau cepet jangan jam 10 baru dateng terus ngomel di medsos.", "blames_citizen", True),
        # near-misses: reading offered, calling again invited
        ("Informasi lengkapnya bisa Bapak baca di website kami.", "blames_citizen", False),
        ("Silakan telepon kami lagi kalau petugas belum datang.", "blames_citizen", False),
        # the customer's share under the tariff rules, told beside a step, is no refusal ...
        (
            "Bocor di pipa setelah meter memang tanggungan pelanggan. Petugas kami cek ke rumah besok pagi.",
            "rejects_ownership",
            False,
        ),
        # ... and without any step it still turns the citizen away
        ("Bocor di pipa setelah meter itu tanggungan pelanggan.", "rejects_ownership", True),
    ],
)
def test_lectures_on_reading_and_calling_again_and_the_customers_share(
    reply: str, flag: str, raised: bool
) -> None:
    assert (flag in _flags(reply)) is raised


# --- real_probe49-51 (after their untuned first run) ----------------------------------------------


@pytest.mark.parametrize(
    ("reply", "points"),
    [
        # routine in a later clause leaves the dated step standing ...
        (
            "Hari ini pukul 16.00 personel Satpol PP melakukan penertiban PKL, selanjutnya dilakukan penjagaan rutin setiap sore.",
            2,
        ),
        # ... routine in the step's own clause is no step
        ("Pak Lurah tiap Jumat pagi keliling ke RT.", 0),
        # coming again ruled out is no sending back: the self-service advice stands
        ("Ibu bisa ambil antrean online lewat aplikasi, jadi tidak perlu antre dari subuh lagi.", 2),
        # near-miss: the citizen sent to queue again
        ("Ambil nomor lagi besok.", 0),
        ("Kalau punya tangkapan layar error, bawa saja ke loket Samsat terdekat bersama STNK.", 2),
        ("Kalau ada yang minta lagi, Mama jangan kasih.", 2),
    ],
)
def test_interim_routine_by_clause_no_need_to_come_again_and_things_to_bring(reply: str, points: int) -> None:
    assert _points(reply, "interim_solution") == points


@pytest.mark.parametrize(
    ("reply", "flag", "raised"),
    [
        ("Kerja nyata dulu sana baru kritik 😏", "blames_citizen", True),
        ("Jangan apa2 nyalahin pemerintah.", "blames_citizen", True),
        ("Tanya saja langsung ke Dinkes.", "rejects_ownership", True),
        ("Ibu hubungi pak kades saja ya.", "rejects_ownership", True),
        # near-misses: the office's own contact offered; a criticism welcomed
        ("Silakan hubungi petugas kami di nomor 0812-1111-2222.", "rejects_ownership", False),
        ("Terima kasih atas kritiknya, jalan itu sudah masuk usulan tahun depan.", "blames_citizen", False),
    ],
)
def test_criticise_after_working_blaming_the_government_and_sent_to_the_village_head(
    reply: str, flag: str, raised: bool
) -> None:
    assert (flag in _flags(reply)) is raised
