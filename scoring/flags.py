"""The four flags: turning the complaint away, blaming the citizen, rudeness, disclosing identity."""

from __future__ import annotations

import re
from functools import lru_cache

from .criteria import interim, office_routes
from .matcher import Match, Reply, Span, dedupe, uses
from .normalize import CLAUSE_BREAK
from .roles import CAUSE, CITIZEN, DONE, OFFICE, SECOND_PERSON, names_complainer
from .roles import CONDITION as _CONDITION_WORDS
from .roles import TITLES as _TITLES

__all__ = ["flags"]

_PHONE_RE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{1,2}[-\s.]?\d{3,4}[-\s.]?\d{3,5}(?!\d)")
_NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
_LAUGH_RE = re.compile(
    r"[\U0001F602\U0001F923\U0001F61C\U0001F61D\U0001F92A]|\b(?:wkwk\w*|hehe\w*|haha\w*)\b", re.I
)
#: A grin or a giggle (😅 😁 😆 🤭) said to the citizen: mockery when nothing shares their feeling, but
#: unlike a laugh it faults no one by itself.
_GRIN_RE = re.compile(r"[\U0001F605\U0001F601\U0001F606\U0001F92D]")
_CONTACT = frozenset(
    {"hubung", "telepon", "whatsapp", "sms", "kontak", "center", "hotline", "layan", "adu", "posko"}
)
_POINTING = frozenset(
    {"cc", "ikut", "ke", "kepada", "follow", "kunjung", "akun", "mention", "tag", "lewat", "melalui"}
)
_NEGATORS = frozenset({"tidak", "nggak", "gak", "tak", "enggak", "kurang", "belum", "ndak"})
#: After "bukan kami": intent denied ("bukan kami sengaja"), not the case refused.
_ON_PURPOSE = frozenset({"sengaja", "disengaja", "sengajakan"})
#: Stems of safety advice: a "jangan … lagi" beside them keeps the citizen safe, it lectures no one.
_SAFETY = frozenset({"jauh", "hindar", "ungsi", "evakuasi"})
#: Words that introduce the complaint's topic: misconduct after them is what was reported.
_TOPIC = frozenset({"soal", "masalah", "terkait", "tentang", "mengenai", "perihal"})
#: Those on the complainant's side, named as the ones who chose: "keluarga sendiri yang memilih …".
_CLIENT_SIDE = frozenset({"keluarga", "pasien", "ortu", "wali", "penumpang", "siswa", "murid", "nasabah"})
#: Words before "pidana" that name a case's category, not a threat: "ranah pidana", "kasus pidana".
_CATEGORY = frozenset({"ranah", "kasus", "perkara", "delik"})
#: What may follow "seksi" when it is a remark on a person ("seksi banget kak"), not a section.
_AFTER_REMARK = frozenset(
    {"banget", "bgt", "sekali", "amat", "deh", "sih", "ya", "nih", "dong", "juga", "kakak"}
)


def _trailed(r: Reply, si: int) -> str:
    """Return sentence `si`'s text with what follows it up to the next sentence: the emoji that closes
    it ("… bikin konten 🤭") belongs to it though the tokenizer ended the sentence before it."""
    sentences = r.stream.sentences
    end = sentences[si + 1].start if si + 1 < len(sentences) else len(r.text)
    return r.text[sentences[si].start : end]


def _section(r: Reply, index: int) -> bool:
    """Tell whether "seksi" at `index` names a section of an office ("seksi pengukuran")."""
    tokens = r.stream.tokens
    if tokens[index].surface != "seksi":
        return False
    sentence = r.stream.sentences[r.stream.sentence_of(index)]
    after = tokens[index + 1] if index + 1 < sentence.last else None
    return after is not None and after.text != CLAUSE_BREAK and after.surface not in _AFTER_REMARK


#: Who bears a cost under a utility's rules ("tanggungan pelanggan"): the rule told, no one sent away.
_BEARERS = frozenset({"pelanggan", "konsumen", "pemilik", "penghuni"})


def _customer_bears(r: Reply, m: Match) -> bool:
    """Tell whether a responsibility phrase ends on the customer: "menjadi tanggung jawab pelanggan"."""
    return r.stream.tokens[m.last].surface in _BEARERS


#: Words before "tidak sadar" that make it a patient's state: "tiba-tiba", "sampai tidak sadar".
_SUDDENLY = frozenset({"tiba-tiba", "mendadak", "sampai", "hingga"})


def _passed_out(r: Reply, m: Match) -> bool:
    """Tell whether "tidak sadar" is a patient's state: "sadarkan diri", or "tiba-tiba" right before."""
    tokens = r.stream.tokens
    if tokens[m.last].surface not in ("sadar", "sadarkan"):
        return False
    after = tokens[m.last + 1].surface if m.last + 1 < len(tokens) else ""
    # "tidak sadarkan diri" has passed out; "tidak sadar diri" lacks self-awareness (a failing)
    return (after == "diri" and tokens[m.last].surface == "sadarkan") or r.preceded_by(m.first, _SUDDENLY)


_FAILINGS = frozenset(
    {"mau", "pernah", "peduli", "sadar", "disiplin", "tertib", "teliti", "patuh", "taat", "membaca", "baca"}
)
_CHALLENGE_OPENERS = frozenset({"situ", "emang", "emangnya", "memangnya", "masa", "masak", "lho", "loh"})
#: Words that make "urusan X" a purpose ("untuk urusan BPJS"), not X's business.
_PURPOSE_WORDS = frozenset({"untuk", "buat", "keperluan"})
_ATTITUDE = frozenset({"suka", "puas", "terima", "capek", "lelah", "malas", "sabar", "mau", "nyaman"})
_SETTLING = frozenset({"selesaikan", "bicarakan", "musyawarahkan", "damaikan"})
_STAFF = frozenset({"petugas", "staf", "pegawai", "operator", "admin", "tim", "perawat", "sopir", "teknisi"})
_FAULT = frozenset({"lambat", "salah", "lalai", "telat", "terlambat", "lupa", "keliru"})
_ENCOURAGING = frozenset({"ragu", "sungkan", "segan", "lupa", "khawatir", "cemas", "takut", "malu"})
_SHOUT_WORD_RE = re.compile(r"\b[A-Z]{3,}\b")
_ANY_WORD_RE = re.compile(r"\b[A-Za-z]{3,}\b")
_ACRONYMS = frozenset(
    [
        "LAPOR",
        "SAMBAT",
        "PLN",
        "PDAM",
        "BPJS",
        "RSUD",
        "IGD",
        "UGD",
        "KTP",
        "NIK",
        "DLH",
        "BPBD",
        "PJU",
        "DPUPR",
        "PKP",
        "TPS",
        "DTKS",
        "PBI",
        "KK",
        "OPD",
        "SOP",
        "RT",
        "RW",
        "DKPP",
        "UPT",
        "BBPJN",
        "MPP",
        "SPAN",
        "ASN",
        "WIB",
        "WITA",
        "WIT",
        "PKL",
        "TRC",
        "DINSOS",
        "DINKES",
        "DISHUB",
        "SATPOL",
        "PP",
        "SMS",
        "WA",
        "DM",
        "NO",
        "JL",
        "KIA",
        "BLT",
        "PKH",
        "KIS",
        "SKTM",
        "SKCK",
        "SIM",
        "STNK",
        "TNI",
        "POLRI",
    ]
)


def flags(r: Reply) -> dict[str, list[Span]]:
    raised: dict[str, list[Span]] = {}
    blame: list[Span] = []
    rude: list[Span] = []
    routed = any(office_routes(r, m) for m in r.positive("routing"))
    rejects = []
    for m in r.find("rejects_ownership", keep_stuffed=True):
        role = r.role(m.sentence)
        if m.last + 1 < len(r.stream.tokens) and r.stream.tokens[m.last + 1].surface in _ON_PURPOSE:
            continue  # "bukan kami sengaja": the office denies intent, it refuses no case
        if r.stream.tokens[m.first].surface in _SETTLING and r.preceded_by(m.first, OFFICE):
            continue  # "nanti kita selesaikan secara kekeluargaan": the office mediates, sends no one away
        if _denies_fault(r, m.last):
            continue  # "bukan kami yang lambat": denies a fault, not the case
        if r.stream.tokens[m.first].surface == "urusan" and r.preceded_by(m.first, _PURPOSE_WORDS):
            continue  # "sah dipakai untuk urusan BPJS dan bank": a purpose, no owner named
        if _customer_bears(r, m) and interim(r, frozenset())[0] > 0:
            continue  # "pipa setelah meter menjadi tanggung jawab pelanggan" with a step: a rule told
        if _but_we(r, m.last):
            continue  # "dikelola BPJS, tapi petugas … kami bisa bantu cek": the office keeps the case
        if "sendiri" in r.words(m.sentence) and _office_is_actor(r, m.sentence, m.first):
            continue  # "petugas kami datang sendiri ke rumah Bapak": the office goes, no one is sent
        # "bukan urusanmu": a snub at the citizen, not a refusal of the case ("laporan Anda tidak dapat kami
        # tindak lanjuti karena … bukan kewenangan Pemprov": the office refuses, the "Anda" is polite)
        if role.second_person and not _polite_refusal(r, m.sentence):
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "second person told it is none of their business")
        else:
            rejects.append(m)
    for m in r.find("blames_citizen", keep_stuffed=True):
        if r.stream.tokens[m.first].surface == "makanya" and not _at_citizen(r, m.sentence):
            continue  # "makanya lampu mati": explains a cause, blames no one
        if m.first > 0 and r.stream.tokens[m.first - 1].surface in _CONDITION_WORDS:
            continue  # "bila lain kali ditarik lebih, Bapak bisa langsung melapor": a case foreseen, no lesson
        if _offers_option(r, m):
            continue  # "kalau tidak mau menunggu, silakan antrean online": advice under a condition
        blame.append(r.span(m))
        r.note(m.sentence, "blames_citizen", "blaming phrase")
    safety = {
        m.sentence for m in r.find("interim_advice") if r.stream.tokens[m.first].text in _SAFETY
    }  # "menjauh dulu dari rumah yang terbakar", "hindari jalan itu"
    for m in r.find("lecture"):  # its phrases carry their own negation ("jangan ...", "bukan untuk ...")
        if _encourages(r, m.first):
            continue  # "jangan ragu melapor lagi" encourages the citizen
        if m.sentence in safety:
            continue  # "menjauh dulu dari rumah yang terbakar, jangan coba masuk lagi": safety, no lecture
        if r.preceded_by(m.first, OFFICE):
            continue  # "Kami cari tahu dulu penyebabnya": the office does it, no one is told
        role = r.role(m.sentence)
        # "Jaga dulu lingkungannya baru minta lampu": a bare imperative, told by its "first …, only then"
        sequence = "baru" in (t.surface for t in r.stream.tokens[m.first : m.last + 1])
        # "jang asal komen" (Manado, Ambon, Papua): the eastern "jangan" directs by itself; it is not read
        # as a directive elsewhere, where it is as often caring ("jang stres-stres e, nanti tensi naik")
        told = role.directive or r.stream.tokens[m.first].surface == "jang" or _office_asks(r, m)
        if told or role.citizen_subject or (sequence and not role.office_subject):
            blame.append(r.span(m))
            r.note(m.sentence, "blames_citizen", "tells the citizen how to behave")
    third = {m.sentence for m in r.find("third_party")}
    for m in r.positive("misconduct"):
        if _appeal(r, m.sentence):
            continue  # "kami mengimbau warga membuang sampah di TPS": an appeal, no fault found
        role = r.role(m.sentence)
        first = r.stream.sentences[m.sentence].first
        if role.office_subject and _headless_yang(r, max(first, m.first - 3), m.first):
            continue  # "yang ketahuan buang sampah di situ akan kami tegur": enforcement on offenders
        if _office_is_actor(r, m.sentence, m.first):
            continue  # "petugas kami sendiri yang datang": the office's own doing, no one else's fault
        if m.first == r.stream.sentences[m.sentence].first and r.stream.tokens[m.first].surface == "tidak":
            continue  # "Tidak benar kak.": a denial opening the reply, no one named at fault
        if _corrects_a_rumour(r, m):
            continue  # "info yang beredar itu tidak benar": a hoax corrected, no one's fault named
        if _passed_out(r, m):
            continue  # "Bapak tiba-tiba nggak sadar", "tidak sadarkan diri": a patient's state, no fault
        if any(r.stream.tokens[i].surface in _TOPIC for i in range(max(first, m.first - 4), m.first)):
            continue  # "kalo soal bentor parkir sembarang itu …": the complaint's topic, no one's fault here
        people = _people_who(r, m.sentence) and not role.office_subject
        # "kalau masih ngeyel ya …": the misconduct is the addressee's, named by the condition
        conditioned = any(
            r.stream.tokens[i].surface in _CONDITION_WORDS for i in range(max(first, m.first - 3), m.first)
        )
        # "keluarga sendiri yang memilih membawa pasien pulang": the choice put on the complainant's side
        chose = (
            r.stream.tokens[m.first].surface == "sendiri"
            and r.stream.tokens[m.first - 1].surface in _CLIENT_SIDE
        )
        if (role.citizen_subject or people or conditioned or chose) and m.sentence not in third:
            blame.append(r.span(m))
            r.note(m.sentence, "blames_citizen", "the citizen or the public as the wrongdoer")
    for si in range(len(r.stream.sentences)):
        fault = _citizen_at_fault(r, si)
        if fault is not None and si not in third:
            blame.append(fault)
            r.note(si, "blames_citizen", "the citizen or the public as the subject of a failing")
    for m in r.find("channel_refusal", keep_stuffed=True):
        blame.append(r.span(m))
        r.note(m.sentence, "blames_citizen", "faults the citizen for where they complained")
    for m in r.positive("threat"):
        if m.sentence in third:
            continue  # "langkah hukum terhadap oknum perusak" is aimed at a third party
        if m.first > 0 and r.stream.tokens[m.first - 1].surface in _CATEGORY:
            continue  # "merupakan ranah pidana": the case's category (routing it), no threat
        if (
            _at_citizen(r, m.sentence)
            or r.role(m.sentence).conditional  # "kalau terulang kami ..."
            or r.stream.sentences[m.sentence].question  # "Mau kami laporkan balik pencemaran nama baik?"
        ):
            blame.append(r.span(m))
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "threatens the citizen")
    for m in r.positive("disparage"):
        if r.role(m.sentence).second_person:
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "disparaging words addressed to the citizen")
    for m in r.find("dismissive", keep_stuffed=True):
        rude.append(r.span(m))
        r.note(m.sentence, "impolite", "dismisses the complaint")
        sends_away = bool(
            r.in_sentence("rejects_ownership", m.sentence)
        )  # "… urus sendiri saja ke kecamatan"
        if r.role(m.sentence).conditional and _ATTITUDE & set(r.words(m.sentence)) and not sends_away:
            blame.append(r.span(m))  # "kalau nggak suka ya unfollow aja": faults the citizen's attitude
    for m in r.find("flirt", keep_stuffed=True):
        if _section(r, m.first):
            continue  # "di seksi pengukuran", "Seksi Pelayanan": a section of the office
        if r.negated(m) or r.stream.tokens[m.first].surface.startswith("di"):
            continue  # "orang tidak dikenal": an unknown person, no one is courted
        # "Btw suaranya merdu banget …": an aside that turns from the case to the person
        aside = r.words(m.sentence)[:1] in (["btw"], ["ngomong-ngomong"], ["omong-omong"])
        if r.role(m.sentence).citizen_subject or (aside and not r.role(m.sentence).office_subject):
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "remark on the citizen's person")
    for si, span in _kisses(r):
        rude.append(span)
        r.note(si, "impolite", "a kiss or heart-eyes emoji to the citizen")
    present = frozenset(t.surface for t in r.stream.tokens)  # rules below skip replies without their words
    for si, span in _told_not_to_complain(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "tells the citizen not to complain, or to do something else instead")
    for si, span in _should_have(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "says what the citizen should have done")
    for si, span in _refuses_to_answer(r, present):
        blame.append(span)
        r.note(
            si, "blames_citizen", "the office will not answer because of how or where the citizen complained"
        )
    for si, span in _retorts(r, present) + _belittles(r, present):
        blame.append(span)
        rude.append(span)
        r.note(si, "impolite", "dismisses the citizen's complaint as not worth making")
    for si, span in _cleft_fault(r, present) + _argues_fault(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "puts the fault on the citizen ('Bapak yang jarang …', '… kan?')")
    for si, span in _failing_as_cause(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "gives the citizen's or the public's failing as the cause")
    for si, span in _conduct_lesson(r, present):
        blame.append(span)
        r.note(
            si,
            "blames_citizen",
            "tells the citizen to be better, or to accept it ('lebih teliti', 'harus siap')",
        )
    for si, span in _if_only_complaining(r, present) + _before_complaining(r, present):
        blame.append(span)
        r.note(
            si,
            "blames_citizen",
            "belittles the complaint as mere complaining, or lectures on when to complain",
        )
    for si, span in _nagging(r, present):
        blame.append(span)
        rude.append(span)
        r.note(si, "impolite", "tells the citizen to stop asking or complaining")
    for si, span in _why_bother(r, present):
        blame.append(span)
        rude.append(span)
        r.note(si, "impolite", "'ngapain/buat apa …': the complaint as pointless")
    for si, span in _done_by_the_public(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "the public as the one who did it ('dicabut warga sendiri')")
    for si, span in _complainers_characterised(r, present) + _only_waiting(r, present):
        blame.append(span)
        r.note(si, "blames_citizen", "speaks of those who complain, or tells them to do more than wait")
    for si, span in _questions_at_complainers(r):
        blame.append(span)
        r.note(si, "blames_citizen", "a question thrown at those who complain, or answered with the public")
    for si, span in _brush_off(r, present):
        rude.append(span)
        r.note(si, "impolite", "'ya sudah … aja': brushes the citizen off")
    for si, span in _shaming(r, present):
        blame.append(span)
        rude.append(span)
        r.note(si, "impolite", "threatens to expose people who misbehave ('kami foto dan kami sebar')")
    sentences_blamed = {_sentence_at(r, span.start) for span in blame}
    if blame:
        for si, span in _category_retort(r, present):
            rude.append(span)
            r.note(si, "impolite", "a retort in a reply that faults the citizen ('… itu bukan taksi')")
    past = r.find("status_past")  # "sudah kami laporkan": done (a crime routed), not held over anyone
    for si in sorted(sentences_blamed):
        if _SMIRK_RE.search(_trailed(r, si)):
            rude.append(r.sentence_span(si))
            r.note(si, "impolite", "a smile on a sentence that faults the citizen mocks them")
    if blame:  # "Wkwk gampang ya kalau cuma ngetik dari HP. … jangan jago di kolom komentar aja."
        for si in range(len(r.stream.sentences)):
            if _LAUGH_RE.search(_trailed(r, si)) and not _SHARING & set(r.words(si)):
                rude.append(r.sentence_span(si))
                r.note(si, "impolite", "laughs in a reply that faults the citizen")
    for m in r.positive("legal_report"):
        role = r.role(m.sentence)
        if m.sentence in third:
            continue
        at_poster = _POSTER & set(r.words(m.sentence)) or names_complainer(r.words(m.sentence))
        if (
            role.second_person
            or m.sentence in sentences_blamed
            or (role.conditional and role.citizen_subject)
            or (at_poster and not any(m.first - 3 <= p.first <= m.first for p in past))
        ):
            blame.append(r.span(m))
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "threatens to take the citizen to the police or the law")
    for m in r.positive("insult"):
        role = r.role(m.sentence)
        if (role.citizen_subject or role.second_person) and m.sentence not in third:
            blame.append(r.span(m))
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "disparages the complainant")
    blamed = {_sentence_at(r, span.start) for span in blame}
    refusals = [r.span(m) for m in rejects]
    for m in r.positive("redirect"):
        role = r.role(m.sentence)
        tokens = r.stream.tokens
        verb = tokens[m.first].surface
        if verb.endswith("an") and not verb.endswith("kan") and verb != tokens[m.first].text:
            continue  # "agar laporan dapat diteruskan kepada …": the noun "laporan", not "laporkan ke"
        if any(t.surface in ("pengaduan", "aduan") for t in tokens[m.last + 1 : m.last + 4]):
            continue  # "silakan lapor ke UPT Pengaduan Disdikbud lewat WA …": a complaints desk, no one else's case
        if verb.startswith("di") and r.preceded_by(m.first, DONE):
            continue  # "sudah dikoordinasikan dengan Satlantas": done, in the passive ("silakan ditanyakan ke" sends)
        # "kami hubungkan ke PSC 119": the office connects the call; it sends no one away.
        own = _names_the_office(r, m.first, m.last) or r.preceded_by(m.first, OFFICE)
        if m.last + 1 < len(tokens) and tokens[m.last + 1].text.startswith("#"):
            continue  # "telepon ke 0812-4700-3319 nanti mobil antar": a number to call, no one else named
        if _own_service_point(r, m.last + 1):
            continue  # "sampaikan ke petugas mau ambil KTP", "melapor ke petugas posko di pintu masuk"
        if (
            (role.directive or _opens_clause(r, m.first) or _told_to(r, m))
            and not own
            and m.sentence not in blamed
        ):
            refusals.append(r.span(m))
            r.note(m.sentence, "rejects_ownership", "directs the citizen to take the case elsewhere")
    for si, span in _on_your_own(r, present):
        if si not in blamed:
            refusals.append(span)
            r.note(si, "rejects_ownership", "tells the citizen to contact or find the other party themselves")
    for m in r.positive("helpless"):
        refusals.append(r.span(m))
        r.note(m.sentence, "rejects_ownership", "the office says it can do nothing")
    refused = frozenset(_sentence_at(r, span.start) for span in refusals)
    if refusals and not routed and not _office_commits(r, refused):
        raised["rejects_ownership"] = refusals
    elif not routed and not refusals:
        tokens = r.stream.tokens
        others = [
            m
            for m in r.find("other_owner", keep_stuffed=True)
            if not _but_we(r, m.last)
            and m.sentence not in blamed  # "truk itu milik warga sendiri" blames
            and not any(  # "dinas kami" (in the same sentence: "… swasta kak. Kami …" is another)
                t.surface in OFFICE
                for t in tokens[m.last + 1 : min(m.last + 4, r.stream.sentences[m.sentence].last)]
            )
        ]
        owners = [r.span(m) for m in others] + [span for si, span in _named_owner(r) if si not in blamed]
        if owners and interim(r, frozenset())[0] < 2:  # names another owner and leaves it there
            raised["rejects_ownership"] = owners
            for span in owners:
                r.note(
                    _sentence_at(r, span.start),
                    "rejects_ownership",
                    "names another owner and neither routes nor acts",
                )
    rude += _challenges(r)
    rude += [
        r.span(m)
        for m in r.find("impolite", keep_stuffed=True)
        # "dipersilakan mengurus sendiri ke instansi terkait" sends the case away (a refusal), no sneer
        if not (m.last + 1 < len(r.stream.tokens) and r.stream.tokens[m.last + 1].surface in ("ke", "kepada"))
    ]
    mocked = _mockery(r) + _sarcastic_praise(r)
    # a grin at the citizen ("mungkin kakak lewatnya pas merem 😅") is rude; it faults no one by itself
    rude += _shouting(r.text) + mocked + _mockery(r, _GRIN_RE, "grins at the citizen")
    # Mocking the complainant is blame as well (the guide's "blames, mocks or lectures"); a mocking
    # question ("Situ siapa nyuruh-nyuruh admin? 😂") snubs without faulting anyone.
    blame += [span for span in mocked if not r.stream.sentences[_sentence_at(r, span.start)].question]
    if blame:
        raised["blames_citizen"] = dedupe(blame)
    if rude:
        raised["impolite"] = dedupe(rude)
    disclosed = _disclosure(r)
    if disclosed:
        raised["discloses_identity"] = disclosed
    return raised


uses(
    flags,
    "blames_citizen",
    "impolite",
    "other_owner",
    "rejects_ownership",
    "routing",
    "redirect",
    "helpless",
    "lecture",
    "misconduct",
    "third_party",
    "channel_refusal",
    "threat",
    "disparage",
    "dismissive",
    "flirt",
    "legal_report",
    "insult",
    "status_past",
    "interim_advice",
)


# Acts of complaining (stems): what the citizen did when they complained.
_COMPLAIN_ACTS = frozenset(
    {"protes", "keluh", "ngeluh", "komplain", "lapor", "viral", "posting", "unggah", "upload", "komen"}
    | {
        "nyinyir",
        "tuntut",
        "nuntut",
        "adu",
        "ngadu",
        "curhat",
        "ngomel",
        "omel",
        "marah",
        "komentar",
        "ribut",
    }
)
_CALLING = frozenset({"telepon", "telpon", "nelpon"})  # "gitu aja telepon darurat"
_JOINS = frozenset({"dan", "lalu", "serta", "kemudian", "atau", "tapi", "tetapi"})
# "jangan / daripada / tidak usah / tidak perlu" before an act: the citizen is told not to do it.
_FORBIDDING = frozenset({"jangan", "jgn", "daripada", "ketimbang", "bukannya"})
_NEEDLESS = frozenset({"usah", "perlu"})
_AGAIN = frozenset({"ulang", "lagi", "kembali"})
_SHOULD_HAVE = frozenset({"seharusnya", "harusnya", "mestinya", "semestinya", "sepatutnya", "seyogyanya"})
_WILL = frozenset({"akan", "mau", "perlu", "usah"})
_KNEW = frozenset({"tahu", "tau", "paham", "mengerti", "sadar"})
_ANSWER_VERBS = frozenset({"tanggap", "jawab", "balas", "layan", "respon", "respons", "tanggapi"})
_WHERE_OR_HOW = frozenset(
    {"media", "medsos", "sosial", "sini", "kolom", "komentar", "kasar", "nada", "cara", "viral", "publik"}
    | {"facebook", "instagram", "twitter", "tiktok", "grup"}
)
_RETORT_STATES = _ATTITUDE | frozenset({"betah", "senang", "setuju", "nyaman", "cocok", "kuat", "sanggup"})
_MINIMISERS = frozenset(
    {"gitu", "begitu", "gini", "begini", "segitu", "segini", "sepele", "sekecil", "remeh"}
)
_JUST = frozenset({"aja", "saja", "doang"})


@lru_cache(maxsize=4096)
def _is_act(token_text: str, surface: str, acts: frozenset[str]) -> bool:
    """Tell whether a token is one of `acts`, also when the stemmer left an affix ("diviralkan")."""
    if token_text in acts:
        return True
    word = surface.removesuffix("-" + surface.split("-")[-1]) if "-" in surface else surface
    for prefix in ("di", "me", "ng", ""):
        for suffix in ("kan", "in", ""):
            if word.startswith(prefix) and word.endswith(suffix):
                core = word[len(prefix) : len(word) - len(suffix)]
                if core in acts:
                    return True
    return False


def _clause_before(r: Reply, index: int, width: int) -> list[str]:
    """Return the surfaces of up to `width` tokens before `index`, stopping at a clause break."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    words: list[str] = []
    for i in range(index - 1, max(first, index - width) - 1, -1):
        if tokens[i].text == CLAUSE_BREAK or tokens[i].surface in _JOINS:
            break
        words.append(tokens[i].surface)
    return words


# Who posted the complaint, named as the object of a legal step: "akun yang menyebar video ini".
_POSTER = frozenset(
    {"akun", "pengunggah", "penyebar", "pemilik", "netizen", "warganet", "pemosting"}
    | {"komentar", "postingan", "unggahan", "cuitan", "ujaran"}  # what they posted: "komentar seperti ini"
)
_SMIRK_RE = re.compile("[\U0001f642\U0001f643\U0001f60a\U0001f605\U0001f60f\U0001f601\U0001f604\U0001f92d]")
_HEDGES = frozenset({"mungkin", "justru", "malah", "berarti", "jadi", "kan", "memang", "emang", "ya"})
_CLEFT_FAILINGS = _NEGATORS | frozenset({"jarang", "salah", "lalai", "lupa", "telat", "terlambat", "keliru"})
_MODALS = frozenset({"bisa", "dapat", "harus", "wajib", "perlu", "boleh", "diminta", "dimohon", "silakan"})


def _cleft_fault(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Mungkin Bapak yang jarang keluar rumah": the citizen named as the one at fault.

    "Warga yang belum menerima bantuan dapat melapor" is a relative clause (a modal follows): no fault.
    """
    if "yang" not in present:
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        words = [t.surface for t in tokens[sentence.first : sentence.last]]
        for i, w in enumerate(words[:-2]):
            if w.removesuffix("nya") not in CITIZEN or words[i + 1] != "yang":
                continue
            opening = i == 0 or words[i - 1] in _HEDGES
            failing = any(x in _CLEFT_FAILINGS for x in words[i + 2 : i + 4])
            rest = words[i + 2 :]
            if opening and failing and not _MODALS & set(rest) and CLAUSE_BREAK not in rest[:2]:
                found.append((si, r.sentence_span(si)))
                break
    return found


def _argues_fault(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Kalau warga tidak beli di PKL, mereka juga tidak akan jualan di situ kan?": a rhetorical
    tag question that makes the citizen or the public the cause."""
    if "kan" not in present:
        return []
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        last = r.stream.tokens[sentence.last - 1].surface
        if sentence.question and last == "kan" and role.conditional and role.citizen_subject:
            found.append((si, r.sentence_span(si)))
    return found


def _told_not_to_complain(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "jangan baru protes", "daripada komen nyinyir, mending …", "nggak usah lapor-lapor"."""
    if not present & (_FORBIDDING | _NEEDLESS):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        if r.role(si).question:
            continue
        for i in range(sentence.first, sentence.last):
            if not _is_act(tokens[i].text, tokens[i].surface, _COMPLAIN_ACTS) or tokens[i].surface.endswith(
                "nya"
            ):
                continue  # "laporannya" names the report; the act is a verb
            if i > sentence.first and tokens[i - 1].surface in _PLACE_BEFORE:
                continue  # "jangan ditulis di komentar": a place, not an act
            before = _clause_before(r, i, 3)
            if any(w in _ENCOURAGING for w in before):
                continue  # "jangan ragu melapor" encourages
            needless = any(
                w in _NEEDLESS and j + 1 < len(before) and before[j + 1] in _NEGATORS
                for j, w in enumerate(before)
            )
            again = i + 1 < sentence.last and tokens[i + 1].surface in _AGAIN
            if any(w in _FORBIDDING for w in before) or (needless and not again):
                start = tokens[i - len(before)].start
                found.append((si, Span(start, tokens[i].end, r.text[start : tokens[i].end])))
                break
    return found


def _should_have(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Pelanggan seharusnya rutin memeriksa …": what the citizen (not the office) should have done."""
    if not present & _SHOULD_HAVE:
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        words = [t.surface for t in tokens[sentence.first : sentence.last]]
        if (
            not OFFICE & set(words)
            and any(  # "dari awal beli harusnya sudah tahu risikonya"
                w in _SHOULD_HAVE and _KNEW & set(words[k + 1 : k + 4]) for k, w in enumerate(words)
            )
        ):
            found.append((si, r.sentence_span(si)))
            continue
        for i in range(sentence.first, sentence.last - 1):
            if tokens[i].surface.removesuffix("nya") not in CITIZEN:
                continue
            if any(tokens[j].surface in _SHOULD_HAVE for j in range(i + 1, min(sentence.last, i + 3))):
                end = tokens[min(sentence.last - 1, i + 3)].end
                found.append((si, Span(tokens[i].start, end, r.text[tokens[i].start : end])))
                break
    return found


def _refuses_to_answer(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "kami tidak akan menanggapi keluhan … dengan nada kasar di media sosial"."""
    if not (present & _WILL and present & _WHERE_OR_HOW):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        if not role.office_subject or role.question:
            continue
        words = [t.surface for t in tokens[sentence.first : sentence.last]]
        for i in range(sentence.first, sentence.last):
            if tokens[i].text not in _ANSWER_VERBS:
                continue
            before = _clause_before(r, i, 3)
            # "tidak akan / tidak mau menanggapi": a refusal of will ("belum bisa menjawab di sini" is not)
            refusal = any(
                w in _WILL and j + 1 < len(before) and before[j + 1] in _NEGATORS
                for j, w in enumerate(before)
            )
            if refusal and _WHERE_OR_HOW & set(words):
                found.append((si, r.sentence_span(si)))
                break
    return found


def _retorts(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "kalau nggak betah ya pindah aja": the citizen's discontent answered with a brush-off."""
    if not ("ya" in present and present & _CONDITION_WORDS):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        if not role.conditional:
            continue
        words = [t.surface for t in tokens[sentence.first : sentence.last]]
        # The office may be named in the condition ("layanan kami"), not in the answer to it.
        main = words[words.index(CLAUSE_BREAK) + 1 :] if CLAUSE_BREAK in words else words
        if OFFICE & set(main):
            continue
        for j, w in enumerate(words):
            if w not in _CONDITION_WORDS:
                continue
            rest = words[j + 1 :]
            discontent = (
                any(
                    x in _NEGATORS and k + 1 < len(rest) and rest[k + 1] in _RETORT_STATES
                    for k, x in enumerate(rest[:3])
                )
                or (  # "kalau memang keberatan, ya jangan …": a discontent word, answered with a brush-off
                    bool(_DISCONTENT & set(rest[:3]))
                    and ("jangan" in rest or bool(_JUST & set(rest)))
                    and not _OPTION & set(rest)  # "kalau jauh, ya bisa lewat online saja" is advice
                )
            )
            if discontent and "ya" in rest and "silakan" not in rest:
                found.append((si, r.sentence_span(si)))
                break
    return found


def _belittles(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "masa gitu aja telepon darurat", "masalah segini aja diviralkan": the complaint made small."""
    if not present & _MINIMISERS:
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        if r.role(si).office_subject:
            continue
        surfaces = [t.surface for t in tokens[sentence.first : sentence.last]]
        small = any(  # "gitu aja", "sekecil ini saja"
            w in _MINIMISERS and _JUST & set(surfaces[k + 1 : k + 3]) for k, w in enumerate(surfaces)
        )
        if small and any(
            _is_act(t.text, t.surface, _COMPLAIN_ACTS | _CALLING)
            for t in tokens[sentence.first : sentence.last]
        ):
            found.append((si, r.sentence_span(si)))
    return found


# --- what the sentence does, added for real_probe14-16 -----------------------------------------
# Asking acts: not complaining in themselves, but "jangan nanya terus" / "cek dulu sebelum bertanya".
_ASKING = _COMPLAIN_ACTS | frozenset(
    {"tanya", "nanya", "telepon", "telpon", "nelpon", "chat", "spam", "komentar"}
)
_REPEATEDLY = frozenset({"terus", "melulu", "mulu", "terus-terusan", "terus-menerus"})
_ONLY = frozenset({"cuma", "cuman", "hanya", "bisanya"})
# Conduct the citizen is told to improve ("ke depan masyarakat lebih teliti").
_PLACE_BEFORE = frozenset({"di", "kolom", "ke", "lewat", "melalui", "via"})
# ("hati-hati" is left out: "mohon lebih hati-hati melintas" is a safety appeal)
_CONDUCT = frozenset(
    {"teliti", "cermat", "bijak", "sabar", "disiplin", "tertib", "peduli", "sopan", "dewasa"}
    | {"patuh", "taat", "jeli", "sadar", "santun", "bijaksana", "rajin", "hati-hati", "waspada", "aktif"}
)
_OBLIGED = frozenset({"harus", "wajib", "mesti", "musti"})
# Accepting a burden: "harus siap dengan risikonya", "wajib maklum".
_RESIGNED = frozenset({"maklum", "memaklumi", "rela", "ikhlas", "pasrah", "legawa"})
_BEAR = frozenset({"siap", "terima", "menerima", "tanggung", "menanggung"})
_BURDEN = frozenset({"risiko", "konsekuensi", "akibat"})
_DISCONTENT = frozenset(
    {"keberatan", "kecewa", "capek", "lelah", "repot", "bosan", "kesal", "sebal", "buru-buru", "terburu-buru"}
    | {"jijik", "risih", "ribet", "mahal", "jauh"}
)
# What the citizen failed to bring or do: "datang tanpa membawa berkas lengkap".
_DUTIES = frozenset(
    {"membawa", "bawa", "mengisi", "melengkapi", "mendaftar", "daftar", "antre", "antri", "izin", "membaca"}
    | {"baca", "konfirmasi", "berkas", "persyaratan", "syarat", "surat"}
)
_MEMBERS = frozenset({"orang", "pihak", "oknum", "kebiasaan", "sebagian", "banyak"})
_OWNING = frozenset({"wewenang", "kewenangan", "urusan", "ranah", "milik", "aset", "tupoksi"})
# Seeking another party, told to do it "sendiri": "hubungi Damkar sendiri", "cari sendiri nomor …".
_SEEKING = frozenset(
    {"hubung", "telepon", "telpon", "nelpon", "tanya", "lapor", "cari", "urus", "kontak", "adu"}
)
_ELSEWHERE = frozenset({"dinas", "instansi", "pihak", "nomor", "nomer"})
_OPTION = frozenset({"silakan", "silahkan", "bisa", "dapat", "boleh"})
_LEADING = frozenset({"ya", "yah", "ok", "oke", "langsung", "segera", "lalu", "nanti", "sekarang", "nah"})
_CONTRAST = frozenset({"tapi", "tetapi", "namun", "akan tetapi"})
_APPEALS = frozenset({"imbau", "ajak"})
_FAULT_WORDS = frozenset({"sembarang", "sembarangan", "seenaknya", "ulah", "jangan", "malah"}) | _NEGATORS


def _surfaces(r: Reply, si: int) -> list[str]:
    s = r.stream.sentences[si]
    return [t.surface for t in r.stream.tokens[s.first : s.last]]


_REQUESTING = frozenset({"minta", "meminta", "mengimbau", "menghimbau", "imbau", "himbau"})


def _office_asks(r: Reply, m: Match) -> bool:
    """Tell whether the office asks someone to behave before the match: "Kami minta orang tua murid
    tidak mudah termakan isu" (the public told, through the office's request)."""
    tokens = r.stream.tokens
    first = r.stream.sentences[m.sentence].first
    return any(
        tokens[i].surface in _REQUESTING and tokens[i - 1].surface in OFFICE
        for i in range(first + 1, m.first)
    )


def _opens_clause(r: Reply, index: int) -> bool:
    """Tell whether the verb at `index` opens its clause with no subject (an imperative: "Tanya ke
    Kemensos saja", "Bu, lapor ke RT dulu"); "warga melapor ke …" narrates and has a me- verb."""
    tokens = r.stream.tokens
    verb = tokens[index]
    if verb.surface not in (verb.text, verb.text + "i", verb.text + "kan", verb.text + "lah"):
        return False  # "melapor", "diteruskan", "Laporan …": a narrated act or a noun, not an imperative
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    for i in range(index - 1, first - 1, -1):
        if tokens[i].text == CLAUSE_BREAK:
            return True
        if tokens[i].surface not in _LEADING:
            return False
    return True


def _people_who(r: Reply, si: int) -> bool:
    """Tell whether the sentence's subject is "yang …" with no noun: "Yang datang subuh-subuh itu …",
    "mulai besok yang ketahuan buang sembarangan …" — people, i.e. the public."""
    words = _surfaces(r, si)
    for i, w in enumerate(words[:3]):
        if w == "yang" and i + 1 < len(words):
            nxt = words[i + 1]
            return nxt not in _MODALS and nxt not in OFFICE and nxt != CLAUSE_BREAK
    return False


def _failing_as_cause(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "… karena tidak mau daftar online", "karena warga tidak peduli": a failing of the citizen
    or the public given as the cause (the office's own excuse has the office as subject)."""
    if not (present & CAUSE and ((present & _NEGATORS and present & _FAILINGS) or "tanpa" in present)):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        role = r.role(si)
        if role.question or role.office_subject:
            continue
        words = _surfaces(r, si)
        for j, w in enumerate(words):
            if w not in CAUSE:
                continue
            rest = words[j + 1 : j + 5]
            named = bool(rest) and rest[0].removesuffix("nya") in (CITIZEN | {"mereka"})
            failing = any(
                x in _NEGATORS and k + 1 < len(rest) and rest[k + 1] in _FAILINGS for k, x in enumerate(rest)
            )
            wide = words[j + 1 : j + 8]  # "karena banyaknya pemohon yang datang tanpa membawa berkas"
            named = named or any(x.removesuffix("nya") in CITIZEN for x in wide[:3])
            failing = failing or any(
                x == "tanpa" and k + 1 < len(wide) and wide[k + 1] in _DUTIES for k, x in enumerate(wide)
            )
            if failing and (named or role.citizen_subject or _people_who(r, si)):
                found.append((si, r.sentence_span(si)))
                break
    return found


def _better_in_clause(words: list[str]) -> bool:
    """Tell whether a clause says "lebih" + a conduct word with no office in it ("kami akan lebih
    disiplin" is the office's own promise)."""
    clause: list[str] = []
    for w in [*words, CLAUSE_BREAK]:
        if w != CLAUSE_BREAK:
            clause.append(w)
            continue
        if not OFFICE & set(clause) and any(
            x == "lebih" and k + 1 < len(clause) and clause[k + 1] in _CONDUCT for k, x in enumerate(clause)
        ):
            return True
        clause = []
    return False


def _conduct_lesson(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "ke depan masyarakat lebih teliti" (the citizen told to behave better) and "warga … ya harus
    siap dengan risikonya" (told to accept the burden)."""
    if not (
        ("lebih" in present and present & _CONDUCT) or (present & _OBLIGED and present & (_RESIGNED | _BEAR))
    ):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        if r.role(si).question:
            continue
        words = _surfaces(r, si)
        role = r.role(si)
        if role.directive and _better_in_clause(words):  # "Harap lebih sabar, …": no subject needed
            found.append((si, r.sentence_span(si)))
            continue
        for i, w in enumerate(words):
            if w.removesuffix("nya") not in CITIZEN:
                continue
            after = words[i + 1 : i + 8]
            better = (
                "lebih" in after[:2]
                and after.index("lebih") + 1 < len(after)
                and (after[after.index("lebih") + 1] in _CONDUCT)
            )
            resigned = False
            for k, x in enumerate(after):
                if x in _OBLIGED:
                    tail = words[i + 2 + k : i + 8 + k]
                    resigned = bool(_RESIGNED & set(tail[:2])) or (
                        bool(_BEAR & set(tail[:2])) and any(t.removesuffix("nya") in _BURDEN for t in tail)
                    )
                    break
            if better or resigned:
                found.append((si, r.sentence_span(si)))
                break
    return found


def _if_only_complaining(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "kalau cuma mau marah-marah di sini, …": the complaint made out to be mere complaining."""
    if not (present & _CONDITION_WORDS and present & _ONLY):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        for i in range(sentence.first, sentence.last):
            if tokens[i].surface not in _CONDITION_WORDS:
                continue
            near = range(i + 1, min(sentence.last, i + 4))
            only = [j for j in near if tokens[j].surface in _ONLY]
            if only and any(
                _is_act(tokens[k].text, tokens[k].surface, _COMPLAIN_ACTS)
                for k in range(only[0] + 1, min(sentence.last, only[0] + 4))
            ):
                found.append((si, r.sentence_span(si)))
                break
    return found


def _before_complaining(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "cek dulu sebelum posting", "dibaca dulu sebelum bertanya": a lesson on when to complain."""
    if not ("dulu" in present and "sebelum" in present):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        if role.question or role.office_subject:
            continue
        words = _surfaces(r, si)
        if "dulu" not in words:
            continue
        for i in range(sentence.first, sentence.last):
            if tokens[i].surface != "sebelum":
                continue
            acts = [
                k
                for k in range(i + 1, min(sentence.last, i + 3))
                if _is_act(tokens[k].text, tokens[k].surface, _ASKING)
            ]
            if acts and not (acts[0] + 1 < sentence.last and tokens[acts[0] + 1].surface in _AGAIN):
                found.append((si, r.sentence_span(si)))
                break
    return found


def _nagging(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "jangan nanya terus", "jangan telepon melulu": the citizen told to stop asking."""
    if not (present & _FORBIDDING and present & _REPEATEDLY):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        for i in range(sentence.first, sentence.last):
            if tokens[i].surface not in _FORBIDDING:
                continue
            if i + 1 < sentence.last and tokens[i + 1].surface in _ENCOURAGING:
                continue  # "jangan ragu bertanya terus": encourages
            for k in range(i + 1, min(sentence.last, i + 3)):
                if _is_act(tokens[k].text, tokens[k].surface, _ASKING) and any(
                    tokens[j].surface in _REPEATEDLY for j in range(k + 1, min(sentence.last, k + 3))
                ):
                    found.append(
                        (si, Span(tokens[i].start, tokens[k].end, r.text[tokens[i].start : tokens[k].end]))
                    )
                    break
            else:
                continue
            break
    return found


_WHY_BOTHER = frozenset({"ngapain", "ngapa"})


def _why_bother(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Ngapain ribut di sini", "buat apa protes": complaining as pointless, asked at the citizen."""
    if not (present & _WHY_BOTHER or ("apa" in present and present & {"buat", "untuk"})):
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        words = [t.surface for t in tokens[sentence.first : sentence.last]]
        opens = words[:1] and words[0] in _WHY_BOTHER
        opens = opens or (words[:2] in (["buat", "apa"], ["untuk", "apa"]))
        if opens and any(
            _is_act(t.text, t.surface, _COMPLAIN_ACTS) for t in tokens[sentence.first : sentence.first + 5]
        ):
            found.append((si, r.sentence_span(si)))
    return found


_CHARACTERISING = frozenset(
    {"biasanya", "pasti", "aja", "saja", "memang", "kebanyakan", "rata-rata"}  # not "cuma": "bukan cuma …"
)
_OBLIGED_OR_MUST = _OBLIGED | frozenset({"perlu"})


# Damage done to public things ("dicabut", "dirusak"): "dibangun warga sendiri" is praise, not blame.
_DAMAGING = frozenset(
    {"rusak", "cabut", "curi", "buang", "bakar", "tutup", "potong", "tebang", "coret", "bongkar", "sumbat"}
    | {"timbun", "ambil", "copot", "pecah", "jebol"}
)


def _done_by_the_public(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Jangan-jangan dicabut warga sendiri", "dirusak masyarakat sendiri": a passive whose agent is
    the public itself."""
    if "sendiri" not in present:
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        for i in range(sentence.first, sentence.last - 2):
            passive = tokens[i].surface.startswith("di") and tokens[i].text in _DAMAGING
            if (
                passive
                and tokens[i + 1].surface.removesuffix("nya") in CITIZEN
                and tokens[i + 2].surface == "sendiri"
            ):
                found.append(
                    (
                        si,
                        Span(tokens[i].start, tokens[i + 2].end, r.text[tokens[i].start : tokens[i + 2].end]),
                    )
                )
                break
    return found


def _complainers_characterised(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Yang protes biasanya yang nggak lolos aja": the ones who complain, as a kind of people."""
    if not (present & _CHARACTERISING and "yang" in present):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        role = r.role(si)
        if role.office_subject or role.question:
            continue
        words = [w for w in _surfaces(r, si) if w != CLAUSE_BREAK]
        if words[:1] == ["yang"] and names_complainer(words) and _CHARACTERISING & set(words):
            found.append((si, r.sentence_span(si)))
    return found


def _only_waiting(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Pedagang harus kreatif, jangan hanya menunggu pembeli datang": an obligation and "jangan
    hanya/cuma …" — the complainants told to do more themselves."""
    if not (present & _OBLIGED_OR_MUST and present & _FORBIDDING and present & _ONLY):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        role = r.role(si)
        if role.office_subject or role.question:
            continue
        words = _surfaces(r, si)
        if not _OBLIGED_OR_MUST & set(words):
            continue
        if any(
            w in _FORBIDDING and k + 1 < len(words) and words[k + 1] in _ONLY for k, w in enumerate(words)
        ):
            found.append((si, r.sentence_span(si)))
    return found


def _brush_off(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Ya sudah naik ojol aja kak": "ya sudah" opening a suggestion that dismisses the citizen."""
    if not (present & {"ya", "yaudah", "yasudah", "yowes"} and present & _JUST):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        role = r.role(si)
        words = [w for w in _surfaces(r, si) if w != CLAUSE_BREAK]
        opens = words[:1] in (["yaudah"], ["yasudah"], ["yowes"]) or words[:2] in (
            ["ya", "sudah"],
            ["ya", "udah"],
        )
        # "Ya disyukuri aja kak": "ya" opening a passive or bare suggestion
        opens = opens or (len(words) > 1 and words[0] == "ya" and words[1].startswith("di"))
        if opens and not role.office_subject and not role.question and _JUST & set(words):
            found.append((si, r.sentence_span(si)))
    return found


def _office_is_actor(r: Reply, si: int, i: int) -> bool:
    """Tell whether the person word nearest before token `i` in its sentence is the office's
    ("petugas kami datang …"), not the citizen's ("Bapak hubungi …") nor missing; only in the same
    clause ("Kami tidak bisa, silakan datang sendiri …" sends the citizen)."""
    tokens = r.stream.tokens
    first = r.stream.sentences[si].first
    for j in range(i - 1, first - 1, -1):
        word = tokens[j].surface
        if tokens[j].text == CLAUSE_BREAK:
            return False
        if word in _TITLES | _STAFF:
            return True  # "nanti Kasi Lalu Lintas sendiri yang panggil", "petugas … sendiri"
        if word in OFFICE | CITIZEN:
            # "masyarakat kita", "warga kami": a possessive after the public names the public
            return word in OFFICE and not (j > first and tokens[j - 1].surface in CITIZEN)
    return False


def _on_your_own(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "hubungi Damkar sendiri", "coba cari sendiri nomor Dinas Pendidikan": the citizen told to
    reach the other party on their own ("Bapak bisa mengurus sendiri lewat aplikasi" names none)."""
    if "sendiri" not in present:
        return []
    tokens = r.stream.tokens
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        if role.question:
            continue
        for i in range(sentence.first, sentence.last):
            if tokens[i].text not in _SEEKING:
                continue
            near = [tokens[j] for j in range(i + 1, min(sentence.last, i + 4))]
            own = [t.surface for t in near]
            if "sendiri" not in own:
                continue
            between = near[: own.index("sendiri")]
            if any(t.surface in OFFICE for t in between):
                continue
            if _office_is_actor(r, si, i):
                continue  # "petugas kami datang sendiri ke rumah Bapak": the office goes itself
            rest = tokens[i + 1 : sentence.last]
            # another party named: "Damkar", "nomor Dinas Pendidikan" ("tanpa perlu ke kantor" is none)
            other = any(t.capitalised or t.surface in _ELSEWHERE for t in rest)
            if {"tanpa", "lewat", "melalui", "via", "aplikasi", "online"} & {t.surface for t in rest}:
                continue  # self-service through a channel ("mengurus sendiri lewat aplikasi …")
            if other and (role.directive or _opens_clause(r, i)):
                end = near[own.index("sendiri")].end
                found.append((si, Span(tokens[i].start, end, r.text[tokens[i].start : end])))
                break
    return found


_PUBLICISE = frozenset({"sebar", "viral", "umum", "pajang", "posting", "unggah", "foto", "potret"})
_SHAME_FAULTS = _FAULT_WORDS - _NEGATORS


def _shaming(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "yang ketahuan buang sembarangan kami foto dan kami sebar di grup ini": the office threatens
    to expose the public for misconduct (a fault word is needed: "kami posting jadwalnya" is none)."""
    if not present & _SHAME_FAULTS:
        return []
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        role = r.role(si)
        if not role.office_subject or role.question:
            continue
        if not (_people_who(r, si) or (role.conditional and role.citizen_subject)):
            continue
        stems = {t.text for t in r.stream.tokens[sentence.first : sentence.last]}
        if _PUBLICISE & stems and _SHAME_FAULTS & set(_surfaces(r, si)):
            found.append((si, r.sentence_span(si)))
    return found


def _category_retort(r: Reply, present: frozenset[str]) -> list[tuple[int, Span]]:
    """Find "Ambulans desa itu bukan taksi, Pak", "sopirnya juga manusia": a one-word retort about what
    the service is not (counted only in a reply that already faults the citizen)."""
    if not ("bukan" in present or "manusia" in present):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        if r.role(si).office_subject:
            continue
        words = _surfaces(r, si)
        for i, w in enumerate(words):
            nxt = words[i + 2] if i + 2 < len(words) else None
            retort = (
                w == "bukan"
                and i + 1 < len(words)
                and (nxt is None or nxt == CLAUSE_BREAK)
                and r.role(
                    si
                ).citizen_subject  # said to the citizen ("…, Pak"); "Fogging bukan solusi" is not
            )
            human = w == "juga" and i + 1 < len(words) and words[i + 1] == "manusia"
            if retort or human:
                found.append((si, r.sentence_span(si)))
                break
    return found


_KISS_RE = re.compile("[\U0001f618\U0001f48b\U0001f617\U0001f619\U0001f61a]")
_PASSIVE_MODALS = frozenset({"bisa", "dapat", "boleh", "silakan", "silahkan", "harap", "mohon"})


def _kisses(r: Reply) -> list[tuple[int, Span]]:
    """Find a kiss or heart-eyes emoji on a sentence that addresses the citizen ("nanti abang bantu 😘")."""
    if not _KISS_RE.search(r.text):
        return []
    found = []
    for si in range(len(r.stream.sentences)):
        if _KISS_RE.search(_trailed(r, si)) and r.role(si).citizen_subject:
            found.append((si, r.sentence_span(si)))
    return found


def _told_to(r: Reply, m: Match) -> bool:
    """Tell whether a redirect tells the citizen to go: a passive after a modal ("bisa ditanyakan ke pihak
    sekolah"), or a bare verb with "saja" ("tanyakan saja ke pak RT", "lapor aja ke polisi")."""
    tokens = r.stream.tokens
    verb = tokens[m.first]
    first = r.stream.sentences[m.sentence].first
    before = [tokens[i].surface for i in range(max(first, m.first - 2), m.first)]
    if verb.surface.startswith("di") and _PASSIVE_MODALS & set(before):
        return True
    bare = verb.surface in (verb.text, verb.text + "i", verb.text + "kan")
    after = {
        tokens[i].surface for i in range(m.first + 1, min(len(tokens), m.first + 4))
    }  # "tanya ke sana jak"
    return bare and bool(_JUST & after) and not (OFFICE & set(before))


def _named_owner(r: Reply) -> list[tuple[int, Span]]:
    """Find "tanggung jawab P3A", "aset Perhutani": another body named by a code or a capitalised name
    as the owner (not followed by "kami": "kewenangan Dinas kami")."""
    tokens = r.stream.tokens
    if not any(t.surface in _OWNING or t.surface == "tanggung" for t in tokens):
        return []
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        for i in range(sentence.first, sentence.last - 1):
            w = tokens[i].surface
            owning = w in _OWNING or (w == "tanggung" and tokens[i + 1].surface == "jawab")
            if not owning:
                continue
            k = i + 2 if w == "tanggung" else i + 1
            if k >= sentence.last:
                continue
            name = tokens[k]
            if not (name.capitalised or name.text.startswith("#")) or name.surface in OFFICE:
                continue
            if any(t.surface in OFFICE for t in tokens[k : min(sentence.last, k + 4)]) or _but_we(r, k):
                continue
            found.append((si, Span(tokens[i].start, name.end, r.text[tokens[i].start : name.end])))
            break
    return found


def _headless_yang(r: Reply, start: int, end: int) -> bool:
    """Tell whether a "yang" in tokens[start:end] heads no noun ("…, dan yang ketahuan buang sampah"),
    as opposed to "warga yang masih membuang sampah" (the public named)."""
    tokens = r.stream.tokens
    for i in range(start, end):
        if tokens[i].surface == "yang":
            before = tokens[i - 1].surface.removesuffix("nya") if i > 0 else ""
            return before not in CITIZEN and before not in _MEMBERS
    return False


def _sentence_at(r: Reply, char: int) -> int:
    """Return the sentence holding the reply's character `char` (a span's start is an offset in the
    reply, not in the normalised token text that `TokenStream.token_at` reads)."""
    found = 0
    for i, sentence in enumerate(r.stream.sentences):
        if sentence.start <= char:
            found = i
    return found


def _token_at_char(r: Reply, char: int) -> int:
    """Return the token that holds the reply's character `char` (an offset in the reply, which
    `TokenStream.token_at` would misread as one in the normalised token text)."""
    found = 0
    for i, token in enumerate(r.stream.tokens):
        if token.start > char:
            break
        found = i
    return found


def _offers_option(r: Reply, m: Match) -> bool:
    """Tell whether a blaming phrase opens a condition whose answer offers the citizen an option:
    "Kalau tidak mau menunggu, silakan ambil antrean online" (not "…, ya jangan datang")."""
    tokens = r.stream.tokens
    if tokens[m.first].surface not in _CONDITION_WORDS:
        return False
    last = r.stream.sentences[m.sentence].last
    breaks = [i for i in range(m.last + 1, last) if tokens[i].text == CLAUSE_BREAK]
    if not breaks:
        return False
    answer = [t.surface for t in tokens[breaks[0] + 1 : last]]
    return bool(answer) and answer[0] != "ya" and bool(_OPTION & set(answer)) and "jangan" not in answer


def _but_we(r: Reply, last: int) -> bool:
    """Tell whether, after naming another owner, the sentence turns to the office keeping the case:
    "dikelola BPJS Kesehatan, tapi petugas … RSUD kami bisa bantu cek"."""
    tokens = r.stream.tokens
    sentence = r.stream.sentences[r.stream.sentence_of(last)]
    words = [t.surface for t in tokens[last + 1 : sentence.last]]
    turns = [k for k, w in enumerate(words) if w in _CONTRAST]
    return bool(turns) and bool(OFFICE & set(words[turns[0] + 1 :]))


_RUMOUR = frozenset({"info", "informasi", "berita", "kabar", "isu", "isunya", "kabarnya", "beritanya"})
_UNTRUE = frozenset({"hoaks", "hoax", "fitnah", "benar"})


def _corrects_a_rumour(r: Reply, m: Match) -> bool:
    """Tell whether a "hoaks / tidak benar" match says what circulates is false ("info yang beredar
    itu tidak benar"), not that someone did wrong ("Bapak menyebarkan hoaks" names the spreader)."""
    tokens = r.stream.tokens
    if tokens[m.last].surface not in _UNTRUE:
        return False
    first = r.stream.sentences[m.sentence].first
    return any(tokens[i].surface in _RUMOUR for i in range(max(first, m.first - 5), m.first))


def _appeal(r: Reply, si: int) -> bool:
    """Tell whether the sentence is the office appealing to the public with no fault in it ("Kami juga
    mengimbau semua warga membuang sampah di TPS sesuai jadwal")."""
    role = r.role(si)
    if not role.office_subject:
        return False
    s = r.stream.sentences[si]
    stems = {t.text for t in r.stream.tokens[s.first : s.last]}
    return bool(_APPEALS & stems) and not (_FAULT_WORDS & set(_surfaces(r, si)))


def _citizen_at_fault(r: Reply, sentence: int) -> Span | None:
    """Find "warga tidak mau …", "Bapak kurang teliti": the citizen as subject of a failing."""
    if r.role(sentence).question:
        return None
    tokens = r.stream.tokens
    s = r.stream.sentences[sentence]
    for i in range(s.first, s.last):
        if tokens[i].surface.removesuffix("nya") not in CITIZEN or tokens[i].surface in ("bapak", "ibu"):
            continue  # "Bapak/Ibu" often address the reader of any sentence; need a clearer subject
        window = [t.surface for t in tokens[i + 1 : min(s.last, i + 5)]]
        for j, w in enumerate(window[:-1]):
            if w in _NEGATORS and window[j + 1] in _FAILINGS:
                last = tokens[i + j + 2]
                return Span(tokens[i].start, last.end, r.text[tokens[i].start : last.end])
    return None


def _denies_fault(r: Reply, last: int) -> bool:
    after = [t.surface for t in r.stream.tokens[last + 1 : last + 4]]
    return bool(after) and after[0] == "yang" and any(w in _FAULT or w in _CLEFT_FAILINGS for w in after[1:])


def _encourages(r: Reply, first: int) -> bool:
    tokens = r.stream.tokens
    return (
        tokens[first].surface in ("jangan", "jgn")
        and first + 1 < len(tokens)
        and tokens[first + 1].surface in _ENCOURAGING
    )


_ANSWER_OPENERS = frozenset({"ya", "yah", "tentu", "jelas", "pastinya"})


def _questions_at_complainers(r: Reply) -> list[tuple[int, Span]]:
    """Find questions that answer a complaint with a challenge: "Yg protes jalan, kmrn kerja bakti ada
    di mana?" (the complainers named in a question), "Yang bayar ke jukir liar itu siapa? Ya warga
    sendiri." (a question the office answers at once with the public). A real question asks neither."""
    found = []
    sentences = r.stream.sentences
    for si, sentence in enumerate(sentences):
        if not sentence.question:
            continue
        words = r.words(si)
        text = _trailed(r, si)
        jeering = bool(_SMIRK_RE.search(text) or _LAUGH_RE.search(text))
        if names_complainer(words) and "siapa" not in words and jeering:
            found.append((si, r.sentence_span(si)))
            continue
        if "siapa" in words and si + 1 < len(sentences):
            answer = r.words(si + 1)
            if answer[:1] and answer[0] in _ANSWER_OPENERS and CITIZEN & set(answer[:4]):
                found.append((si, r.sentence_span(si)))
                found.append((si + 1, r.sentence_span(si + 1)))
    return found


def _challenges(r: Reply) -> list[Span]:
    """Find rhetorical questions thrown back at the citizen ("Situ siapa?", "Emangnya kami tukang sulap?")."""
    found = []
    for si, sentence in enumerate(r.stream.sentences):
        if not sentence.question:
            continue
        words = r.words(si)
        text = r.text[sentence.start : sentence.end]
        opener = bool(words) and words[0] in _CHALLENGE_OPENERS
        if (opener and not r.in_sentence("ask_request", si)) or "???" in r.text[
            sentence.start : sentence.end + 3
        ]:
            found.append(Span(sentence.start, sentence.end, text))
            r.note(si, "impolite", "a rhetorical question thrown back at the citizen")
    return found


uses(_challenges, "ask_request")


def _at_citizen(r: Reply, sentence: int) -> bool:
    role = r.role(sentence)
    return (role.citizen_subject or role.second_person or role.directive) and not (
        role.office_subject and not role.second_person and not role.directive
    )


def _after(r: Reply, index: int, stems: frozenset[str]) -> bool:
    """Tell whether one of `stems` stands in the four tokens before `index`, in its sentence."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    return any(tokens[i].text in stems for i in range(max(first, index - 4), index))


#: Words after which a clause speaks of something else: "… ke kecamatan karena kami tidak berwenang".
_TURNS = frozenset({"karena", "sebab", "tapi", "tetapi", "namun", "sehingga", "bukan"})


def _names_the_office(r: Reply, first: int, last: int) -> bool:
    """Tell whether a redirect sends the citizen to the office itself: "hubungi saya ke nomor …",
    "hubungi kami", "tanyakan ke loket pengaduan atau ke petugas kami" (within the same clause)."""
    tokens = r.stream.tokens
    if any(tokens[i].surface in _HERE_OR_US for i in range(first + 1, last + 1)):
        return True
    sentence = r.stream.sentences[r.stream.sentence_of(last)]
    for i in range(last + 1, sentence.last):
        if tokens[i].text == CLAUSE_BREAK or tokens[i].surface in _TURNS:
            return False
        if tokens[i].surface in _HERE_OR_US:
            return True
    return False


def _own_service_point(r: Reply, i: int) -> bool:
    """Tell whether token `i` is a service point with no other body named after it ("ke petugas posko",
    "ke loket 2"; "ke petugas PLN" names another body): the office's own, where a step is taken."""
    tokens = r.stream.tokens
    if i >= len(tokens) or tokens[i].surface not in _SERVICE_POINTS:
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    # "ke petugas PLN", "ke loket operatornya": another body named after it
    return (
        after is None
        or after.surface in _SERVICE_POINTS
        or not (after.capitalised or after.surface.endswith("nya"))
    )


#: Where the office serves the citizen in person (a counter, "loket", may be another body's).
_SERVICE_POINTS = frozenset({"petugas", "posko", "cs"})
#: The office itself as where a call goes: "hubungi kami", "telepon lagi ke sini".
_HERE_OR_US = frozenset({"kami", "saya", "kita", "sini"})


def _office_commits(r: Reply, refused: frozenset[int]) -> bool:
    """Tell whether the office itself takes a step elsewhere in the reply (then it is no refusal)."""
    return interim(r, refused)[0] >= 2


_CLAP_RE = re.compile("\U0001f44f")
#: Praise that, said to the complainant with a laugh or a clap, mocks them ("kakak hebat ya 😂").
_PRAISE = frozenset({"hebat", "jago", "pintar", "pinter", "pandai", "rajin", "keren", "canggih", "teliti"})


def _sarcastic_praise(r: Reply) -> list[Span]:
    """Find "Wah kakak jago ya bikin berita 👏", "sudah jadi polisi lalu lintas dadakan, Kak 👏",
    "sekalian aja jadi petugas": praise or a role handed to the complainant, as a joke at them."""
    found = []
    sentences = r.stream.sentences
    for si, sentence in enumerate(sentences):
        if sentence.question or not _at_citizen(r, si):
            continue
        text = _trailed(r, si)
        words = r.words(si)
        laughing = bool(_LAUGH_RE.search(text))
        joking = laughing or bool(_CLAP_RE.search(text))
        handed_a_role = "dadakan" in words or ("sekalian" in words and "jadi" in words)
        # "hebat ya", "jago banget ya": the tag turns the praise; a bare "keren 👏" may be sincere
        tagged = any(w in _PRAISE and "ya" in words[i + 1 : i + 3] for i, w in enumerate(words))
        praised = bool(_PRAISE & set(words))
        if (handed_a_role and joking) or (praised and (laughing or handed_a_role)) or (tagged and joking):
            found.append(Span(sentence.start, sentence.end, text))
            r.note(si, "impolite", "praise or a role handed to the complainant as a joke at them")
    return found


#: A laugh shared with the citizen's feeling is no mockery: "Wkwk iya kak, paham kok keselnya 😅".
_SHARING = frozenset(
    {
        "paham",
        "mengerti",
        "ngerti",
        "memahami",
        "maaf",
        "setuju",
        "emosi",
        "kesal",
        "kesel",
        "jengkel",
        "sebel",
    }
)  # "macet gara2 pete-pete ngetem memang bikin emosi 😅": the feeling shared


def _mockery(r: Reply, mark: re.Pattern[str] = _LAUGH_RE, why: str = "laughs at the citizen") -> list[Span]:
    """Find sentences said to the citizen with a laugh (or, given `mark`, a grin) that share no feeling."""
    found = []
    sentences = r.stream.sentences
    for si, sentence in enumerate(sentences):
        text = _trailed(r, si)
        if mark.search(text) and _at_citizen(r, si) and not _SHARING & set(r.words(si)):
            found.append(Span(sentence.start, sentence.end, text))
            r.note(si, "impolite", why)
    return found


#: Words that make a run of capitals a shouted sentence rather than a name or a letterhead
#: ("SUDAH KAMI JELASKAN BERKALI-KALI", not "DINAS LINGKUNGAN HIDUP KOTA DEPOK").
_SHOUTED_SPEECH = frozenset(
    {"SUDAH", "KAMI", "SAYA", "KALIAN", "ANDA", "KAMU", "JANGAN", "TIDAK", "BUKAN", "KALAU", "BACA", "TOLONG"}
)
_SHOUT_RUN_RE = re.compile(r"\b[A-Z]{3,}(?:-[A-Z]+)?(?:[ ,]+[A-Z]{3,}(?:-[A-Z]+)?){2,}\b")


def _shouting(text: str) -> list[Span]:
    words = _ANY_WORD_RE.findall(text)
    if len(words) < 3:
        return []
    shouted = [m for m in _SHOUT_WORD_RE.finditer(text) if m.group() not in _ACRONYMS]
    if len(shouted) >= 3 and len(shouted) / len(words) >= 0.5:
        return [Span(shouted[0].start(), shouted[-1].end(), text[shouted[0].start() : shouted[-1].end()])]
    # a shouted clause inside a longer reply: three words in capitals or more, one of them speech
    return [
        Span(m.start(), m.end(), m.group())
        for m in _SHOUT_RUN_RE.finditer(text)
        if _SHOUTED_SPEECH & set(re.split(r"[ ,]+", m.group()))
    ]


#: Whose address: "alamat Ibu", "rumah Bapak" (not "rumah warga blok C", a place in the complaint).
_ADDRESSEES = frozenset({"bapak", "ibu", "kakak", "anda", "saudara", "saudari", "sdr", "mas", "mbak", "adik"})
#: Who did the calling: "sdh kami telp ke nomor 0853-…" is the citizen's number, not the office's.
_CALLERS = frozenset({"kami", "saya", "sudah", "telah", "petugas"})


def _office_number(r: Reply, index: int) -> bool:
    """Tell whether a contact word stands before the number at `index` in its clause ("WA call center UPTD
    Persampahan DLH di 0811-…"): a number to contact is the office's."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    i = index - 1
    while i >= max(first, index - 8):
        if tokens[i].text == CLAUSE_BREAK:
            # a name set off by commas ("hubungi teknisi kami, Sdr. Yonas, di 0813…") is passed over
            j = i - 1
            while j > first and tokens[j].text != CLAUSE_BREAK and tokens[j].capitalised:
                j -= 1
            if j == i - 1 or tokens[j].text != CLAUSE_BREAK:
                return False
            i = j - 1
            continue
        if tokens[i].text in _CONTACT:
            return True
        i -= 1
    return False


def _office_called(r: Reply, index: int) -> bool:
    """Tell whether the contact word before the number at `index` was done by the office ("kami telp")."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    for i in range(max(first, index - 4), index):
        if tokens[i].text in _CONTACT:
            return any(tokens[j].surface in _CALLERS for j in range(max(first, i - 2), i))
    return False


def _polite_refusal(r: Reply, si: int) -> bool:
    """Tell whether a sentence's second person is the polite "Anda" of an office refusing ("laporan Anda
    tidak dapat kami tindak lanjuti karena … bukan kewenangan Pemprov"), not a snub ("bukan urusanmu")."""
    words = set(r.words(si))
    return r.role(si).office_subject and "anda" in words and not (SECOND_PERSON - {"anda"}) & words


def _disclosure(r: Reply) -> list[Span]:
    channel = r.context.channel
    spec = r.rubric.spec
    if channel is not None and channel not in spec.public_channels:
        return []
    tokens = r.stream.tokens
    # A number or account the citizen is told to contact is the office's, not the reporter's.
    found = [
        Span(m.start(), m.end(), m.group())
        for m in _PHONE_RE.finditer(r.text)
        if not _office_number(r, _token_at_char(r, m.start()))
        or _office_called(r, _token_at_char(r, m.start()))
    ]
    found += [Span(m.start(), m.end(), m.group()) for m in _NIK_RE.finditer(r.text)]
    addresses = r.find("address_terms", keep_stuffed=True)
    address_sentences = {m.sentence for m in addresses}
    for i, token in enumerate(tokens):
        if (
            token.text == "@handle"
            and r.stream.sentence_of(i) in address_sentences
            and not _after(r, i, _CONTACT | _POINTING)
        ):
            found.append(Span(token.start, token.end, r.text[token.start : token.end]))
    # "Untuk alamat Ibu di Jl. Cempaka II No. 21 …": the citizen's own address, so their name counts
    # wherever the reply gives it ("Halo Bu Sri Wahyuni, …")
    own_address = any(
        tokens[i].surface in ("alamat", "rumah") and tokens[i + 1].surface in _ADDRESSEES
        for i in range(len(tokens) - 1)
        if r.stream.sentence_of(i) in address_sentences
    )
    for m in r.find("honorific", keep_stuffed=True):
        nxt = m.last + 1
        if (
            (m.sentence in address_sentences or own_address)
            and nxt < len(tokens)
            and tokens[nxt].capitalised
            and tokens[nxt].surface not in _TITLES  # "Pak Lurah", "Bu Kabid": an official, not the reporter
            # "teknisi kami, Sdr. Yonas, di 0813…": the office's own staff, named for the citizen to call
            and not _STAFF & {tokens[i].surface for i in range(max(0, m.first - 4), m.first)}
            and tokens[nxt].surface not in CITIZEN  # "Bapak/Ibu": two addressees, no name
            # a word in capitals ("ka WA ko", "Bapak SAYA") names no one, unless a Balinese "I Made"
            and (not r.text[tokens[nxt].start : tokens[nxt].end].isupper() or _balinese_name(r, nxt))
            and r.stream.sentence_of(nxt) == m.sentence
        ):
            found.append(
                Span(tokens[m.first].start, tokens[nxt].end, r.text[tokens[m.first].start : tokens[nxt].end])
            )
    public_sentences = {m.sentence for m in r.find("public_place", keep_stuffed=True)}
    if not r.find("private_channel", keep_stuffed=True):
        asks = {m.sentence for m in r.find("ask_request", keep_stuffed=True)}
        asks_private = channel in spec.ask_private_channels or channel is None
        for m in r.find("personal_data", keep_stuffed=True):
            # asked: a request word, a question, or a directive naming a public place ("coba tulis NIK
            # di kolom komentar"; "Kakak bisa mengurus surat pengganti KTP" asks for no data)
            public = m.sentence in public_sentences
            asked = (
                m.sentence in asks
                or r.stream.sentences[m.sentence].question
                or ((r.role(m.sentence).directive or _writing_told(r, m.sentence)) and public)
            )
            # With no channel given, only a request that names a public place ("di kolom komentar"); on
            # a public channel that is not social, only one that names such a place ("kirim ke redaksi").
            if asked and (public or (asks_private and channel is not None)):
                found.append(r.span(m))
    return dedupe(found)


def _balinese_name(r: Reply, i: int) -> bool:
    """Tell whether token `i` is the "I" of a Balinese name ("Bpk. I Made Sukarta"), not a word in capitals."""
    tokens = r.stream.tokens
    return (
        r.text[tokens[i].start : tokens[i].end] == "I" and i + 1 < len(tokens) and tokens[i + 1].capitalised
    )


#: Verbs that tell the citizen to write data somewhere: "Untuk cek status PIP, tulis NISN … di kolom komentar".
_WRITE_VERBS = frozenset({"tulis", "ketik", "kirim", "sebut", "cantum", "tuliskan", "sebutkan", "kirimkan"})


def _writing_told(r: Reply, si: int) -> bool:
    """Tell whether a clause of the sentence opens with a bare verb of writing or sending, the addressee
    allowed before it ("Kakak tulis aja alamat lengkap … di kolom komentar")."""
    tokens = r.stream.tokens
    sentence = r.stream.sentences[si]

    def opens(i: int) -> bool:
        return i == sentence.first or tokens[i - 1].text == CLAUSE_BREAK

    return any(
        tokens[i].surface in _WRITE_VERBS
        and (opens(i) or (i > sentence.first and tokens[i - 1].surface in CITIZEN and opens(i - 1)))
        for i in range(sentence.first, sentence.last)
    )


uses(
    _disclosure,
    "address_terms",
    "ask_request",
    "honorific",
    "personal_data",
    "private_channel",
    "public_place",
)
