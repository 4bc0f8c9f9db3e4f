"""The four flags: turning the complaint away, blaming the citizen, rudeness, disclosing identity."""

from __future__ import annotations

import re
from functools import lru_cache

from .criteria import interim
from .matcher import Reply, Span, dedupe, uses
from .normalize import CLAUSE_BREAK
from .roles import CITIZEN, OFFICE, names_complainer
from .roles import CONDITION as _CONDITION_WORDS

__all__ = ["flags"]

_PHONE_RE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{1,2}[-\s.]?\d{3,4}[-\s.]?\d{3,5}(?!\d)")
_NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
_LAUGH_RE = re.compile(
    r"[\U0001F602\U0001F923\U0001F61C\U0001F61D\U0001F92A]|\b(?:wkwk\w*|hehe\w*|haha\w*)\b", re.I
)
_CONTACT = frozenset({"hubung", "telepon", "whatsapp", "sms", "kontak", "center", "hotline", "layan", "adu"})
_POINTING = frozenset(
    {"cc", "ikut", "ke", "kepada", "follow", "kunjung", "akun", "mention", "tag", "lewat", "melalui"}
)
_NEGATORS = frozenset({"tidak", "nggak", "gak", "tak", "enggak", "kurang", "belum", "ndak"})
_FAILINGS = frozenset(
    {"mau", "pernah", "peduli", "sadar", "disiplin", "tertib", "teliti", "patuh", "taat", "membaca", "baca"}
)
_CHALLENGE_OPENERS = frozenset({"situ", "emang", "emangnya", "memangnya", "masa", "masak", "lho", "loh"})
_ATTITUDE = frozenset({"suka", "puas", "terima", "capek", "lelah", "malas", "sabar", "mau"})
_TITLES = frozenset(
    {"lurah", "camat", "kadis", "kabid", "kasi", "kasubag", "sekdes", "kades", "bupati", "wali", "walikota"}
    | {"kepala", "rt", "rw", "dokter", "dr", "direktur", "kapolsek", "danramil", "sekda", "gubernur"}
)
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
    # Who routes: a routing verb with the office as actor ("sudah kami teruskan"), not a directive.
    routed = any(
        r.role(m.sentence).office_subject and not r.role(m.sentence).directive for m in r.positive("routing")
    )
    rejects = []
    for m in r.find("rejects_ownership", keep_stuffed=True):
        role = r.role(m.sentence)
        if _denies_fault(r, m.last):
            continue  # "bukan kami yang lambat": denies a fault, not the case
        if role.second_person:  # "bukan urusanmu": a snub at the citizen, not a refusal of the case
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "second person told it is none of their business")
        else:
            rejects.append(m)
    for m in r.find("blames_citizen", keep_stuffed=True):
        if r.stream.tokens[m.first].surface == "makanya" and not _at_citizen(r, m.sentence):
            continue  # "makanya lampu mati": explains a cause, blames no one
        blame.append(r.span(m))
        r.note(m.sentence, "blames_citizen", "blaming phrase")
    for m in r.find("lecture"):  # its phrases carry their own negation ("jangan ...", "bukan untuk ...")
        if _encourages(r, m.first):
            continue  # "jangan ragu melapor lagi" encourages the citizen
        role = r.role(m.sentence)
        if role.directive or role.citizen_subject:
            blame.append(r.span(m))
            r.note(m.sentence, "blames_citizen", "tells the citizen how to behave")
    third = {m.sentence for m in r.find("third_party")}
    for m in r.positive("misconduct"):
        if r.role(m.sentence).citizen_subject and m.sentence not in third:
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
        if _at_citizen(r, m.sentence) or r.role(m.sentence).conditional:  # "kalau terulang kami ..."
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
        if r.role(m.sentence).conditional and _ATTITUDE & set(r.words(m.sentence)):
            blame.append(r.span(m))  # "kalau nggak suka ya unfollow aja": faults the citizen's attitude
    for m in r.find("flirt", keep_stuffed=True):
        if r.role(m.sentence).citizen_subject:
            rude.append(r.span(m))
            r.note(m.sentence, "impolite", "remark on the citizen's person")
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
    sentences_blamed = {r.stream.sentence_of(r.stream.token_at(span.start)) for span in blame}
    past = r.find("status_past")  # "sudah kami laporkan": done (a crime routed), not held over anyone
    for si in sorted(sentences_blamed):
        sentence = r.stream.sentences[si]
        end = r.stream.sentences[si + 1].start if si + 1 < len(r.stream.sentences) else len(r.text)
        if _SMIRK_RE.search(r.text[sentence.start : end]):
            rude.append(r.sentence_span(si))
            r.note(si, "impolite", "a smile on a sentence that faults the citizen mocks them")
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
    blamed = {r.stream.sentence_of(r.stream.token_at(span.start)) for span in blame}
    refusals = [r.span(m) for m in rejects]
    for m in r.positive("redirect"):
        role = r.role(m.sentence)
        tokens = r.stream.tokens
        # "kami hubungkan ke PSC 119": the office connects the call; it sends no one away.
        own = _names_the_office(r, m.first, m.last) or any(
            tokens[i].surface in OFFICE for i in range(max(0, m.first - 2), m.first)
        )
        if role.directive and not own and m.sentence not in blamed:
            refusals.append(r.span(m))
            r.note(m.sentence, "rejects_ownership", "directs the citizen to take the case elsewhere")
    for m in r.positive("helpless"):
        refusals.append(r.span(m))
        r.note(m.sentence, "rejects_ownership", "the office says it can do nothing")
    refused = frozenset(r.stream.sentence_of(r.stream.token_at(span.start)) for span in refusals)
    if refusals and not routed and not _office_commits(r, refused):
        raised["rejects_ownership"] = refusals
    elif not routed and not refusals:
        others = r.find("other_owner", keep_stuffed=True)
        if others and interim(r, frozenset())[0] < 2:  # names another owner and leaves it there
            raised["rejects_ownership"] = [r.span(m) for m in others]
            for m in others:
                r.note(m.sentence, "rejects_ownership", "names another owner and neither routes nor acts")
    rude += _challenges(r)
    rude += [r.span(m) for m in r.find("impolite", keep_stuffed=True)]
    rude += _shouting(r.text) + _mockery(r)
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
)


# Acts of complaining (stems): what the citizen did when they complained.
_COMPLAIN_ACTS = frozenset(
    {"protes", "keluh", "ngeluh", "komplain", "lapor", "viral", "posting", "unggah", "upload", "komen"}
    | {"nyinyir", "tuntut", "nuntut", "adu", "ngadu", "curhat", "ngomel", "omel"}
)
_CALLING = frozenset({"telepon", "telpon", "nelpon"})  # "gitu aja telepon darurat"
_JOINS = frozenset({"dan", "lalu", "serta", "kemudian", "atau", "tapi", "tetapi"})
# "jangan / daripada / tidak usah / tidak perlu" before an act: the citizen is told not to do it.
_FORBIDDING = frozenset({"jangan", "jgn", "daripada", "ketimbang", "bukannya"})
_NEEDLESS = frozenset({"usah", "perlu"})
_AGAIN = frozenset({"ulang", "lagi", "kembali"})
_SHOULD_HAVE = frozenset({"seharusnya", "harusnya", "mestinya", "semestinya", "sepatutnya", "seyogyanya"})
_WILL = frozenset({"akan", "mau", "perlu", "usah"})
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
_POSTER = frozenset({"akun", "pengunggah", "penyebar", "pemilik", "netizen", "warganet", "pemosting"})
_SMIRK_RE = re.compile("[\U0001f642\U0001f643\U0001f60a\U0001f605\U0001f60f\U0001f601\U0001f604]")
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
            discontent = any(
                x in _NEGATORS and k + 1 < len(rest) and rest[k + 1] in _RETORT_STATES
                for k, x in enumerate(rest[:3])
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
    return bool(after) and after[0] == "yang" and any(w in _FAULT for w in after[1:])


def _encourages(r: Reply, first: int) -> bool:
    tokens = r.stream.tokens
    return (
        tokens[first].surface in ("jangan", "jgn")
        and first + 1 < len(tokens)
        and tokens[first + 1].surface in _ENCOURAGING
    )


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
    if any(tokens[i].surface in ("kami", "saya", "kita") for i in range(first + 1, last + 1)):
        return True
    sentence = r.stream.sentences[r.stream.sentence_of(last)]
    for i in range(last + 1, sentence.last):
        if tokens[i].text == CLAUSE_BREAK or tokens[i].surface in _TURNS:
            return False
        if tokens[i].surface in ("kami", "saya", "kita"):
            return True
    return False


def _office_commits(r: Reply, refused: frozenset[int]) -> bool:
    """Tell whether the office itself takes a step elsewhere in the reply (then it is no refusal)."""
    return interim(r, refused)[0] >= 2


def _mockery(r: Reply) -> list[Span]:
    found = []
    sentences = r.stream.sentences
    for si, sentence in enumerate(sentences):
        end = sentences[si + 1].start if si + 1 < len(sentences) else len(r.text)
        text = r.text[sentence.start : end]
        if _LAUGH_RE.search(text) and _at_citizen(r, si):
            found.append(Span(sentence.start, sentence.end, text))
            r.note(si, "impolite", "laughs at the citizen")
    return found


def _shouting(text: str) -> list[Span]:
    words = _ANY_WORD_RE.findall(text)
    if len(words) < 3:
        return []
    shouted = [m for m in _SHOUT_WORD_RE.finditer(text) if m.group() not in _ACRONYMS]
    if len(shouted) >= 3 and len(shouted) / len(words) >= 0.5:
        return [Span(shouted[0].start(), shouted[-1].end(), text[shouted[0].start() : shouted[-1].end()])]
    return []


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
        if not _after(r, r.stream.token_at(m.start()), _CONTACT)
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
    for m in r.find("honorific", keep_stuffed=True):
        nxt = m.last + 1
        if (
            m.sentence in address_sentences
            and nxt < len(tokens)
            and tokens[nxt].capitalised
            and tokens[nxt].surface not in _TITLES  # "Pak Lurah", "Bu Kabid": an official, not the reporter
            and tokens[nxt].surface.upper() != r.text[tokens[nxt].start : tokens[nxt].end]
            and r.stream.sentence_of(nxt) == m.sentence
        ):
            found.append(
                Span(tokens[m.first].start, tokens[nxt].end, r.text[tokens[m.first].start : tokens[nxt].end])
            )
    public_sentences = {m.sentence for m in r.find("public_place", keep_stuffed=True)}
    if (channel in spec.ask_private_channels or channel is None) and not r.find(
        "private_channel", keep_stuffed=True
    ):
        asks = {m.sentence for m in r.find("ask_request", keep_stuffed=True)}
        for m in r.find("personal_data", keep_stuffed=True):
            asked = m.sentence in asks or r.stream.sentences[m.sentence].question
            # With no channel given, only a request that names a public place ("di kolom komentar").
            if asked and (channel is not None or m.sentence in public_sentences):
                found.append(r.span(m))
    return dedupe(found)


uses(
    _disclosure,
    "address_terms",
    "ask_request",
    "honorific",
    "personal_data",
    "private_channel",
    "public_place",
)
