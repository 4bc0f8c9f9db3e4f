"""The five criteria of the rubric, each a rule over the reply's sentences (rubric-guide.md)."""

from __future__ import annotations

from .matcher import (
    Match,
    Reply,
    Span,
    complaint_stems,
    dedupe,
    fact_bank,
    interim_bank,
    unique_sentences,
    uses,
)
from .normalize import CLAUSE_BREAK
from .patterns import Bank
from .roles import CAUSE, CITIZEN, CONDITION, DIRECTIVE, DONE, OFFICE, TITLES

__all__ = ["empathy", "greeting", "interim", "status", "verification"]


def _tells_citizen(r: Reply, sentence: int) -> bool:
    """Tell whether a sentence directs the citizen, by a particle or an imperative opening a clause."""
    if r.role(sentence).directive and not r.role(sentence).office_subject:
        return True
    tokens = r.stream.tokens
    s = r.stream.sentences[sentence]
    for i in range(s.first, s.last):
        starts_clause = i == s.first or tokens[i - 1].text == CLAUSE_BREAK
        surface = tokens[i].surface
        if (
            starts_clause
            and surface.endswith(("kan", "lah"))
            and tokens[i].text != surface
            and len(surface) > 5
        ):
            return True  # "miringkan badan anak", "hindarilah"
    return False


# Contact verbs: in a directive the citizen does the contacting ("mohon hubungi call center").
_CONTACT_STEMS = frozenset({"hubung", "telepon", "telpon", "kontak", "whatsapp"})
# Words that make an action a promise about this case rather than a report of past work.


def office_routes(r: Reply, m: Match) -> bool:
    """Tell whether a routing match is the office passing the case on: "sudah kami teruskan", or the
    report in the passive, "laporan sudah diteruskan ke Dinas PUPR"; never the citizen told to."""
    role = r.role(m.sentence)
    tokens = r.stream.tokens
    word = tokens[m.first]
    if word.surface == word.text + "an":
        return False  # "rumah sakit rujukan": the root with -an is a noun, it names no act
    if role.directive:
        # "Mohon DM detail keluhannya ya kak, laporan sudah kami teruskan ke bagian distribusi": the
        # office routing in its own clause, beside a request in another
        clause = {tokens[i].surface for i in _clause(r, m.first)}
        return not clause & DIRECTIVE and r.preceded_by(m.first, OFFICE)
    passive = (  # the report word must come first, so there is always a word before the verb
        tokens[m.first].surface.startswith("di")
        and tokens[m.first - 1].surface in DONE
        and bool(
            _REPORT_WORDS
            & {t.surface.removesuffix("nya") for t in tokens[r.stream.sentences[m.sentence].first : m.first]}
        )
    )
    return role.office_subject or passive


def _contacts_citizen(r: Reply, index: int) -> bool:
    """Tell whether the word at `index` contacts the citizen: "telepon Bapak", "hubungi Ibu"."""
    tokens = r.stream.tokens
    return (
        tokens[index].text in _CONTACT_STEMS
        and index + 1 < len(tokens)
        and tokens[index + 1].surface in CITIZEN
    )


_PROMISE_WORDS = frozenset(
    {"akan", "segera", "sedang", "nanti", "secepatnya", "langsung", "siap", "sesegera", "mangke", "masih"}
)


def greeting(r: Reply) -> tuple[int, list[Span]]:
    evidence: list[Span] = []
    salutations = [m for m in r.find("salutation") if m.sentence <= 1]
    evidence += [r.span(m) for m in salutations]
    objects = r.find("thanks_object")
    opening = {m.sentence for m in salutations} | {m.sentence for m in r.find("introduction")}
    thanks = []
    tokens = r.stream.tokens
    for m in r.positive("thanks"):
        after = [t.surface for t in tokens[m.last + 1 : m.last + 4]]
        if any(w.startswith("pengertian") for w in after) or "kerjasama" in after or "kerja" in after:
            continue  # "terima kasih atas pengertiannya / kerja samanya" closes; it thanks for no report
        followed = any(m.last < o.first <= m.last + 4 and o.sentence == m.sentence for o in objects)
        closing = m.sentence > 0 or any(t.text != CLAUSE_BREAK for t in tokens[: m.first])
        if not followed and closing and all(not t.text.isalnum() for t in tokens[m.last + 1 :]):
            continue  # "…, terima kasih." ending the reply is a courtesy (guide), not thanks for the report
        in_opening = all(s in opening for s in range(m.sentence))  # "Selamat pagi. Terima kasih. ..."
        if followed or in_opening:
            thanks.append(m)
    evidence += [r.span(m) for m in thanks]
    intros = [
        m
        for m in r.find("introduction")
        if m.sentence <= 2
        and not _acts_after(r, m)
        and not r.negated(m)  # "orang tidak dikenal": an unknown person, no one introduced
        and not tokens[m.first].surface.startswith("di")
        # "Sy dari subuh di lapangan": where the speaker has been since, not who they are
        and not (
            m.last + 1 < len(tokens)
            and tokens[m.last].surface == "dari"
            and tokens[m.last + 1].surface in _SINCE
        )
        # "kami di sini cuma operator": the role named to excuse the office, not to introduce it
        and not any(tokens[i].surface in _ONLY for i in range(max(0, m.first - 2), m.last + 1))
    ]
    evidence += [r.span(m) for m in intros]
    named = _name_introduction(r)
    if named:
        evidence.append(named)
    second = bool(thanks or intros or named)
    if salutations and second:
        return 2, evidence
    if salutations or second:
        return 1, evidence
    return 0, evidence


uses(greeting, "introduction", "salutation", "thanks", "thanks_object")


#: Words that may stand between "saya/kami" and the role it introduces: "saya selaku admin".
_INTRO_LINKS = frozenset(
    {"sebagai", "selaku", "adalah", "ini", "yang", "juga", "salah", "satu", "seorang", "dari"}
)


def _acts_after(r: Reply, m: Match) -> bool:
    """Tell whether "saya/kami" is followed by a verb: "saya tempatkan petugas", "sy minta petugas …"
    act, they introduce no one. Between the pronoun and the role only a name ("saya Rina, admin …")
    or a linking word ("saya selaku petugas") may stand."""
    tokens = r.stream.tokens
    if tokens[m.first].surface not in OFFICE or m.first + 1 > m.last:
        return False
    word = tokens[m.first + 1].surface
    if len(word) > 5 and (word.endswith("kan") or word.startswith(("me", "di"))):
        return True
    return any(
        not (t.capitalised or t.text == CLAUSE_BREAK or t.surface in _INTRO_LINKS)
        for t in tokens[m.first + 1 : m.last]
    )


def _name_introduction(r: Reply) -> Span | None:
    """Find "saya Rina" / "dengan Rina dari ..." in the opening sentences."""
    tokens = r.stream.tokens
    for si, sentence in enumerate(r.stream.sentences[:2]):
        for i in range(sentence.first, sentence.last - 1):
            name = tokens[i + 1]
            if not name.capitalised or r.text[name.start : name.end].isupper():
                continue
            opening_with = (
                tokens[i].surface == "dengan"
                and si == 0
                and i - sentence.first <= 6
                and (i == sentence.first or tokens[i - 1].text == CLAUSE_BREAK)  # "Selamat pagi, dengan Rina"
            )
            if tokens[i].surface == "saya" or opening_with:
                return Span(tokens[i].start, tokens[i + 1].end, r.text[tokens[i].start : tokens[i + 1].end])
    return None


_FOLLOW_UP_VERBS = frozenset({"tanya", "cek", "pantau", "lacak", "lihat"})


def verification(
    r: Reply, tainted: frozenset[int], disclosed: frozenset[int] = frozenset()
) -> tuple[int, list[Span], list[str]]:
    """Judge the questions asked; a sentence that discloses identity earns points but is no evidence."""
    best = 0
    evidence: list[Span] = []
    asked: list[str] = []
    fact_banks: list[tuple[str, Bank]] = []
    for fact in r.context.facts:
        bank = fact_bank(r.rubric, fact)
        if bank is not None:
            fact_banks.append((fact.key, bank))
    complaint = complaint_stems(r.rubric, r.context.complaint)
    tokens = r.stream.tokens
    # "bisa minta kiriman tangki": a noun ("kiriman") is no request to send anything.
    asks = {
        m.sentence
        for m in r.positive("ask_request")
        if not (tokens[m.last].surface.endswith("an") and not tokens[m.last].surface.endswith("kan"))
        # "Perlu kami sampaikan …", "bisa kami kirimkan": the office tells or sends, it asks nothing
        # ("boleh kami tahu …", "bisa kami catat …" still ask)
        and not (
            (tokens[m.last].text in _OFFICE_GIVES or tokens[m.last].surface in _OFFICE_GIVES)
            and any(tokens[i].surface in OFFICE for i in range(m.first + 1, m.last))
        )
    }
    # "Bapak bisa tanyakan perkembangannya …": how to follow the case up, not a fact asked for.
    follow_up = {
        m.sentence
        for m in r.find("status_object")
        # ("Utk pengecekan status PKH mohon kirim NIK …": a noun, the office's check; it still asks)
        if any(
            t.text in _FOLLOW_UP_VERBS and not _nominal(t.surface)
            for t in tokens[r.stream.sentences[m.sentence].first : m.first]
        )
    }
    help_offer = r.rubric.lexicon.stem("bantu")
    for si, sentence in enumerate(r.stream.sentences):
        if si in r.stuffed or si in tainted or (si in follow_up and not sentence.question):
            continue
        offered = any(
            t.text == help_offer and t.surface != "dibantu"
            for t in r.stream.tokens[sentence.first : sentence.last]
        )  # "boleh dibantu nomor tiketnya?" asks the citizen's help
        if offered and si not in asks:
            continue  # "Apakah ada yang bisa kami bantu?" offers help, it verifies nothing
        question = sentence.question
        if not (question or si in asks):
            continue
        first = r.stream.tokens[sentence.first].surface
        if not question and first.endswith("an") and not first.endswith("kan") and not r.role(si).directive:
            continue  # "Lampiran gambar: ..." names an attachment; "Lampirkan foto" would ask
        level = 0
        matched_facts = [key for key, bank in fact_banks if r.in_sentence(bank, si)]
        if matched_facts:
            asked += matched_facts
            level = 2
        elif r.in_sentence("fact_terms", si):
            level = 2
        elif question and len(r.sentence_stems(si) & complaint) >= 2:
            level = 2  # restates a detail of the complaint and asks to confirm it
        elif (
            r.in_sentence("info_terms", si)
            or si in asks
            or question
            and r.in_sentence("ask_question_word", si)
        ):
            level = 1
        if level:
            if si in disclosed:
                r.note(si, "verification", f"{level}: asks, but discloses identity: not shown as evidence")
            else:
                evidence.append(r.sentence_span(si))
                r.note(si, "verification", f"{level}: {'a specific fact' if level == 2 else 'generic'} asked")
            best = max(best, level)
    return best, evidence, asked


uses(verification, "ask_question_word", "ask_request", "fact_terms", "info_terms", "status_object")


def empathy(r: Reply, capped: bool) -> tuple[int, list[Span]]:
    if capped:
        return 0, []
    complaint = complaint_stems(r.rubric, r.context.complaint)
    apology = r.rubric.lexicon.stem("maaf")
    best = 0
    evidence: list[Span] = []
    cues = r.positive("empathy_cue")
    feelings = r.positive("feeling")  # "jangan panik" tells, it does not acknowledge
    specific_hits = {m.sentence for m in r.find("specific_empathy")}
    for si in range(len(r.stream.sentences)):
        if si in r.stuffed:
            continue
        # "atas pengertiannya" asks the citizen's understanding; it acknowledges nothing.
        sentence_cues = [
            m
            for m in cues
            if m.sentence == si and not r.stream.tokens[m.first].surface.startswith("pengertian")
        ]
        sentence_feelings = [m for m in feelings if m.sentence == si]
        if not (sentence_cues or sentence_feelings or si in specific_hits):
            continue
        role = r.role(si)
        tokens = r.stream.tokens
        # In a directive, a cue counts when the office owns it ("kami mengerti, mohon bersabar"),
        # not when the citizen is asked for it ("mohon Bapak bisa memahami").
        owned = any(tokens[m.first].text == apology or r.preceded_by(m.first, OFFICE) for m in sentence_cues)
        if role.question or (role.directive and not owned):
            # A question asks, a directive tells: neither acknowledges what the citizen went through.
            r.note(si, "empathy", "not counted: a question or a directive to the citizen")
            continue
        understanding = any(r.stream.tokens[m.first].text != apology for m in sentence_cues)
        linked = bool(r.in_sentence("connector", si) or r.in_sentence("person", si))
        if complaint:
            overlap = len(r.sentence_stems(si) & complaint)
            specific = (
                si in specific_hits
                or (bool(sentence_feelings) and (overlap >= 1 or linked))
                or (understanding and overlap >= 2)
                or overlap >= 4
            )
        else:  # no complaint to compare with: count what the sentence says beyond the cue
            said = {
                r.stream.tokens[i].text
                for m in sentence_cues + sentence_feelings
                for i in range(m.first, m.last + 1)
            }
            content = len(r.sentence_stems(si) - said - r.rubric.generic_objects)
            specific = (
                si in specific_hits
                or (bool(sentence_feelings) and (content >= 2 or linked))
                or (understanding and (content >= 3 or linked))
            )
        level = 2 if specific else 1
        evidence.append(r.sentence_span(si))
        best = max(best, level)
    return best, evidence


uses(empathy, "connector", "empathy_cue", "feeling", "person", "specific_empathy")


_ONLY = frozenset({"cuma", "hanya", "sekadar", "cuman", "sebatas"})
#: Actions named as nouns: "jadwal angkut … Selasa" is the schedule, not a step.
_NOUN_ACTIONS = frozenset({"jadwal"})
#: The stems of the advice "matikan", "amankan", standing as states: "air mati", "masih aman".
_STATES = frozenset({"mati", "aman"})
# ask_request verbs that, with the office as their subject, give rather than ask ("perlu kami sampaikan")
_OFFICE_GIVES = frozenset(
    {"kirim", "sampaikan", "informasi", "beri", "berikan", "jelas", "share", "lampir", "unggah", "upload"}
)


#: Words that open a purpose clause ("… agar dapat segera ditindaklanjuti").
_PURPOSE = frozenset({"agar", "supaya", "biar", "sehingga"})
#: Words that open a clause before the main one: "Biar tidak antre, bisa bayar via aplikasi …".
_LEAD_INS = frozenset(
    {"biar", "agar", "supaya", "untuk", "kalau", "kalo", "jika", "bila", "apabila", "sementara"}
)


#: What a report's own follow-up is about: checking these in an app is status, not a step.
_REPORT_WORDS = frozenset(
    {"laporan", "pengaduan", "aduan", "status", "perkembangan", "progres", "tindak", "tiket", "registrasi"}
)
#: Particles that address the listener: a clause with one speaks to the citizen ("mintak karcisnyo ya").
_ADDRESSED = frozenset({"ya", "yah", "dong", "yuk", "deh"})
_SINCE = frozenset({"subuh", "pagi", "tadi", "kemarin", "siang", "sore", "malam", "jam", "pukul", "semalam"})
_URGING = frozenset({"segera", "langsung", "cepat"})
_SOP_WORDS = frozenset({"sop", "prosedur", "standar", "standard"})


def _opens_main_clause(r: Reply, index: int) -> bool:
    """Tell whether token `index` opens the main clause after a lead-in clause ("Biar …, bisa …"), an
    urging word allowed before it ("Kalau sesaknya bertambah, segera hubungi PSC 119")."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    if index > first and tokens[index - 1].surface in _URGING:
        index -= 1
    return (
        index > first + 1
        and tokens[first].surface in _LEAD_INS
        and tokens[index - 1].text == CLAUSE_BREAK
        and all(tokens[i].text != CLAUSE_BREAK for i in range(first, index - 1))
    )


def _nominal(surface: str) -> bool:
    """Tell whether a word is a pe-…-an noun ("pemeriksaan", "perbaikan") rather than a verb."""
    return surface.startswith("pe") and surface.endswith("an")


def _ke_noun(surface: str) -> bool:
    """Tell whether a word is a ke-…-an noun ("keamanan", "kedatangan") rather than a verb."""
    return surface.startswith("ke") and surface.endswith("an")


def _in_condition(r: Reply, index: int) -> bool:
    """Tell whether a token stands in a condition clause: after "kalau/jika/…" and before the clause ends."""
    tokens = r.stream.tokens
    first = r.stream.sentences[r.stream.sentence_of(index)].first
    for i in range(index - 1, first - 1, -1):
        if tokens[i].text == CLAUSE_BREAK:
            return False
        if tokens[i].surface in CONDITION:
            return True
    return False


def interim(r: Reply, tainted: frozenset[int]) -> tuple[int, list[Span]]:
    """Judge the step offered now: who acts, when, and whether it is this case's step at all."""
    cached = r.memo.get(("interim", tainted))  # pragma: no mutate  (a cache: a miss only recomputes)
    if cached is None:
        cached = _interim(r, tainted)
        r.memo[("interim", tainted)] = cached  # pragma: no mutate
    return cached[0], list(cached[1])


def _interim(r: Reply, tainted: frozenset[int]) -> tuple[int, list[Span]]:
    ask_matches = r.positive("ask_request")
    asks = {m.sentence for m in ask_matches}
    # Sentences that explain, excuse or describe routine are not a step for this complaint.
    background = {m.sentence for m in r.find("interim_background")} | {
        m.sentence for m in r.find("interim_routine")
    }
    for si in range(len(r.stream.sentences)):
        role = r.role(si)
        if role.cause and not role.office_subject:  # "ini karena ...", "akibat cuaca buruk"
            background.add(si)
    # "Besok saja balik lagi", "Hari Senin saja dibawa lagi": the citizen sent back to come again
    sent_back = {
        m.sentence
        for m in r.find("interim_come_back")
        if not r.role(m.sentence).office_subject
        # "… ke kantor kelurahan untuk didaftarkan ulang": the purpose of the step, no one sent back
        and not (m.first > 0 and r.stream.tokens[m.first - 1].surface in _AIMS)
        # "… jadi tidak perlu antre dari subuh lagi": coming again ruled out, no one sent back
        and not any(
            r.stream.tokens[i].surface in r.rubric.negators
            for i in range(max(r.stream.sentences[m.sentence].first, m.first - 2), m.first)
        )
        # "silakan datang lagi ke loket bawa KK asli dan ijazah": what to bring makes it a step
        and not (
            {"bawa", "membawa"}
            & {r.stream.tokens[i].surface for i in range(m.last + 1, r.stream.sentences[m.sentence].last)}
        )
    }
    background |= sent_back

    def usable(matches: list[Match], *, advice: bool = False) -> list[Match]:
        """Matches in sentences that count: a request elsewhere in the sentence leaves only a step in its
        own clause. With `advice`, a request that is the advice itself read twice ("mohon minta karcis
        resmi", "silakan unggah ulang dengan scan berwarna") leaves it standing, unless it sends data by
        a private channel ("bisa lewat DM": that asks for the data)."""
        return [
            m
            for m in matches
            if m.sentence not in tainted
            and (
                m.sentence not in asks
                or _own_clause(r, m, ask_matches)
                or (advice and _request_is_the_advice(r, m, ask_matches))
            )
            and not r.stream.sentences[m.sentence].question
        ]

    def office_step(matches: list[Match]) -> list[Match]:
        """Steps the office takes: not background, not something the citizen is told to do."""
        return [
            m
            for m in usable(matches)
            if m.sentence not in background
            and not (r.role(m.sentence).directive and not r.role(m.sentence).office_subject)
        ]

    tokens = r.stream.tokens
    # "pelayanan telah sesuai prosedur": "telah" before "sesuai" claims conformity, it offers nothing
    offers = {
        m.sentence
        for m in r.positive("interim_offer")
        if not (m.last + 1 < len(r.stream.tokens) and r.stream.tokens[m.last + 1].surface == "sesuai")
    }
    # A time in a clause that restates a fact ("Poli umum kami memang cuma sampai jam 12.00") dates no step.
    timed = {i for m in r.find("interim_time") for i in range(m.first, m.last + 1)}
    time_sentences = {
        m.sentence
        for m in r.find("interim_time")
        if not {"memang", *_HOPE} & {tokens[i].surface for i in _clause(r, m.first)}
        and not _restricted(r, m.first, timed)  # "hanya hari Senin dan Kamis": a schedule restated
    }  # "mudah-mudahan akhir bulan ini sudah datang": a hope, no one's step
    destinations = r.find("interim_destination")
    named_teams = [
        m for m in r.find("interim_team") if m.last + 1 < len(tokens) and tokens[m.last + 1].capitalised
    ]
    actor_sentences = {
        m.sentence
        for m in r.positive("interim_actor") + named_teams
        if not any(d.sentence == m.sentence and d.last == m.first - 1 for d in destinations)
    }
    # Ordering or coordinating someone is routing (1) unless the sentence also says when.
    orders = {  # "rambu peringatan": the noun of "ingatkan" orders no one
        m.sentence for m in r.positive("interim_order") if not _nominal(tokens[m.first].surface)
    } | {m.sentence for m in r.positive("routing")}
    # A measure counts whoever takes it: the office deploys it, or the citizen is told where to get it.
    measures = [
        m
        for m in usable(r.positive("interim_measure"))
        if m.sentence in offers | time_sentences
        and (m.sentence not in background or r.role(m.sentence).directive)  # advice names service hours
        # "Pompa portable sdh sy perintahkan siaga": a measure ordered, with no time, is routing (1)
        and (m.sentence not in orders or m.sentence in time_sentences)
    ]
    concrete = measures + usable(r.positive("interim_rights"))
    for m in usable(r.positive("interim_advice"), advice=True):
        if m.sentence in sent_back:
            continue
        first = tokens[m.first].surface
        if _nominal(first) or _ke_noun(first) or first in _STATES:
            continue  # "demi keamanan data", "air mati": a noun or a state, not "amankan", "matikan"
        role = r.role(m.sentence)
        sentence = r.stream.sentences[m.sentence]
        if (
            role.directive
            or role.citizen_subject
            or m.first == sentence.first
            or _opens_main_clause(r, m.first)
            or (
                tokens[m.first - 1].text == CLAUSE_BREAK
                and _ADDRESSED & {tokens[i].surface for i in _clause(r, m.first)}
            )
        ):  # advice is addressed, or opens the sentence or its main clause ("Biar tidak antre, bisa …"), or
            # opens a clause that speaks to the citizen ("…, mintak karcisnyo ya")
            concrete.append(m)
            r.note(m.sentence, "interim_solution", "2: advice the citizen can act on")
    for m in usable(r.positive("interim_self_service"), advice=True):
        if not _REPORT_WORDS & {w.removesuffix("nya") for w in r.words(m.sentence)}:
            # "bisa cek posisi bus di aplikasi GoBis"; "pantau laporan di LAPOR!" is status
            concrete.append(m)
            r.note(m.sentence, "interim_solution", "2: self-service the citizen can use now")
    concrete += office_step(r.positive("interim_temporary"))
    actions = r.positive("interim_action")
    for m in usable(r.positive("interim_meanwhile")):
        named = _FRAMED_STOPGAP & {tokens[i].surface for i in range(m.first, m.last + 1)}
        told = _tells_citizen(r, m.sentence) and m.sentence not in sent_back
        if m.sentence in background and not named and not told:
            continue  # a stopgap named as one is this case's, however routine ("… setiap hari Jumat"); what
            # the citizen is told to do meanwhile stands with its reason ("Sementara jangan dibakar krn …")
        if told:
            concrete.append(m)  # "sementara itu mohon …", "sambil menunggu, miringkan badan anak"
            r.note(m.sentence, "interim_solution", "2: what the citizen can do meanwhile")
        elif m.sentence in actor_sentences and not r.role(m.sentence).directive:
            concrete.append(m)  # "Sementara di lokasi sudah ada 2 personel Dishub yg ngatur lalu lintas"
            r.note(m.sentence, "interim_solution", "2: a named team's stopgap meanwhile")
        elif r.role(m.sentence).office_subject and any(
            a.sentence == m.sentence and m.last < a.first <= m.last + 4 and not _in_condition(r, a.first)
            for a in actions
        ):
            concrete.append(m)  # "untuk sementara jembatan kami tutup": a stopgap the office takes now
            r.note(m.sentence, "interim_solution", "2: a stopgap the office takes meanwhile")
    extra = interim_bank(r.rubric, r.context)
    if extra is not None:
        concrete += usable(r.positive(extra))
    progress = usable(r.positive("interim_progress"))
    targets = usable(r.find("interim_target"))
    if progress and targets:  # work under way with a completion date
        concrete += progress + targets
        r.note(progress[0].sentence, "interim_solution", "2: work under way with a target date")
    topics = r.find("interim_action_topic")
    vague = usable(r.positive("interim_vague"))
    pending = {m.sentence for m in r.positive("interim_pending")}
    dates = r.find("interim_date")

    def dated(m: Match) -> bool:
        return any(
            d.sentence == m.sentence
            and d.first > m.last
            and all(tokens[i].text != CLAUSE_BREAK for i in range(m.last + 1, d.first))
            for d in dates
        )

    for m in office_step(r.positive("interim_action")):
        if any(t.sentence == m.sentence and m.first - 2 <= t.last < m.first for t in topics):
            continue
        if _in_condition(r, m.first):
            continue  # "kalau sudah ada jadwal, …": the condition, not a step
        opening = r.stream.sentences[m.sentence].first
        if tokens[opening].surface in _PURPOSE and m.first in _clause(r, opening):
            vague.append(m)  # "(Boleh info titiknya?) Supaya tim Satpol PP bisa menertibkan": an aim
            continue
        if any(_contacts_citizen(r, i) for i in _clause(r, m.first) if i <= m.first):
            continue  # "petugas akan telepon Bapak besok (untuk minta …)": news promised, not a step
        surface = tokens[m.first].surface
        # "peralihan", "perbaikan"; "aturan", "angkutan" (a root with -an); "jadwal angkut"
        nominal = _nominal(surface)
        bare_noun = not nominal and (
            surface in _NOUN_ACTIONS
            or (surface.endswith("an") and not surface.endswith("kan") and surface != tokens[m.first].text)
        )
        if r.preceded_by(m.first, _ONLY):
            continue  # "Dinsos cuma menyalurkan data": the office's limited role, an excuse, not a step
        if m.first > 0 and tokens[m.first - 1].surface == "memang":
            continue  # "Puskesmas hari Minggu memang tutup": the rule or the fact restated, not a step
        if surface.endswith("nya") and surface != tokens[m.first].text:
            continue  # "Ibu datangnya jam 7": the citizen's arrival named, no one's step
        if _SOP_WORDS & {tokens[i].surface for i in _clause(r, m.first)} and "sesuai" in r.words(m.sentence):
            continue  # "telah dilakukan pemeriksaan … oleh dokter jaga sesuai SOP": a defence, not a step
        if _cannot(r, r.words(m.sentence)):
            continue  # "pemangkasan pohon saat ini belum dapat kami laksanakan": a step that is not taken
        if nominal and any(tokens[i].surface in _AIMS for i in range(max(0, m.first - 4), m.first)):
            continue  # "bahan evaluasi untuk peningkatan mutu pelayanan": a noun in an aim, no one's step
        if nominal and m.sentence not in offers | time_sentences and not dated(m):
            continue  # a noun naming work, with nothing saying anyone will do it
        if bare_noun and not dated(m):
            continue  # "aturan", "jadwal angkut … Selasa": a noun, and the time is not the work's
        if m.sentence in pending:
            vague.append(m)
            r.note(m.sentence, "interim_solution", "1: still pending, with no completion date")
        elif m.sentence in time_sentences or dated(m):
            concrete.append(m)
            r.note(m.sentence, "interim_solution", "2: an action with a time")
        elif m.sentence in actor_sentences and m.sentence not in orders:
            concrete.append(m)
            r.note(m.sentence, "interim_solution", "2: an action with a named actor")
        elif any(w in _PROMISE_WORDS for w in r.words(m.sentence)):
            vague.append(m)
            r.note(m.sentence, "interim_solution", "1: the office promises an action, with no time or actor")
    aimed = [m for m in r.positive("interim_vague") if tokens[m.first].surface in _AIMS]
    for m in r.positive("interim_action") + aimed:
        requested = r.role(m.sentence).directive or m.sentence in asks
        word = tokens[m.first]
        # "jam kedatangan", "Direktur Pelayanan": a noun or a title, no one's act
        noun = _ke_noun(word.surface) or (_nominal(word.surface) and word.capitalised)
        end = (
            m.last if word.surface in _AIMS else m.first
        )  # "agar dapat kami tindak lanjuti": the office inside
        if (
            requested
            and not noun
            and m.sentence not in tainted
            and any(
                t.surface in ("petugas", "tim", "kami")
                for t in tokens[r.stream.sentences[m.sentence].first : end]
            )
        ):
            vague.append(m)  # "kirimkan foto agar petugas dapat melakukan pengecekan"
    if not concrete:
        excluded = set(tainted) | asks | sent_back | pending | orders
        concrete += _timed_steps(r, excluded, r.find("interim_time") + dates, actor_sentences)
    if concrete:
        return 2, [r.sentence_span(m.sentence) for m in unique_sentences(concrete)]
    if r.find("interim_refusal"):
        return 0, []
    vague += [m for m in usable(r.positive("interim_order"))]
    # The office routing the case ("sudah saya sampaikan ke DLH", "telah kami alihkan ke …") is handling: 1.
    vague += [
        m
        for m in r.positive("routing")
        if m.sentence not in tainted and not r.stream.sentences[m.sentence].question and office_routes(r, m)
    ]  # a request in the same sentence leaves the office's routing its own ("Mohon DM …, sudah kami teruskan")
    if vague:
        return 1, [r.sentence_span(m.sentence) for m in unique_sentences(vague)]
    return 0, []


#: Banks that make a clause something other than a step, though it names a time: greeting,
#: apologising, promising news, sending the citizen back, describing routine or background.
_NOT_A_STEP = (
    "salutation",
    "thanks",
    "introduction",
    "empathy_cue",
    "status_promise",
    "status_report",
    "status_statement",
    "interim_come_back",
    "interim_background",
    "interim_routine",
)
#: Words that make a dated clause something other than a step: acknowledging or still pending
#: ("laporan sudah kami terima hari ini", "sekarang masih kami susun agendanya") ...
_NOT_STEP_WORDS = frozenset({"terima", "catat", "baca", "lihat", "pantau", "masih"})
#: The actor away or held up: the clause says why nothing happens, not what is done.
_AWAY_OR_HELD = frozenset(
    {"cuti", "rapat", "libur", "sakit", "tertahan", "terjebak", "terkendala", "tertunda", "terhambat"}
)
#: ... and, anywhere in the sentence, a fact restated ("hari Minggu memang tutup") or a defence of the
#: past ("dokter kami sudah di sana sejak jam 8, tapi jam 8 sampai 10 beliau visite") ...
_NOT_STEP_SENTENCE = frozenset({"memang", "sejak"})
#: ... and routine in the step's own clause ("Pak Lurah tiap Jumat keliling"; "…, selanjutnya penjagaan
#: rutin setiap sore" after a dated step leaves the step standing).
_ROUTINE = frozenset({"tiap", "setiap", "rutin", "selalu", "biasanya"})
#: Deadline words: a clause of only these and a time ("…, paling lambat hari Kamis") dates the clause
#: before it.
_DEADLINE = frozenset(
    {"paling", "lambat", "selambatnya", "maksimal", "mulai", "sampai", "dengan", "pada"}
) | {
    "hari",
    "tanggal",
    "pukul",
    "jam",
    "pagi",
    "siang",
    "sore",
    "malam",
    "ini",
}
#: Words of hope: a time beside one dates a wish, not a step ("mudah-mudahan akhir bulan ini sudah datang").
_HOPE = frozenset({"mudah-mudahan", "semoga", "moga-moga", "moga", "harapannya"})
#: Someone other than the citizen, told: "kase tau dorang" (them), "beritahu beliau".
_THIRD_PARTY = frozenset({"mereka", "beliau", "dia", "pihak"})
#: Words that restrict a time to a schedule: "hanya hari Senin", "cuma jam 8-12", "khusus hari Sabtu".
_RESTRICTING = frozenset({"hanya", "cuma", "khusus"})
_LISTING = frozenset({"dan", "atau", "serta", "hari", "jam", "pukul", "tiap", "setiap"})
#: A private channel for data: advice that names one asks for the data ("bisa lewat DM").
_PRIVATE_CHANNEL = frozenset({"dm", "japri", "inbox", "pm", "whatsapp", "email", "sms"})
#: Words that name a stopgap as such: "sebagai penanganan sementara", "solusi sementara".
_FRAMED_STOPGAP = frozenset({"penanganan", "solusi", "langkah", "tindakan", "alternatif"})
#: A purpose clause: a negation after these words is the aim, not the step ("… spy tdk meluber").
_AIMS = _PURPOSE | {"untuk"}


def _request_is_the_advice(r: Reply, m: Match, asks: list[Match]) -> bool:
    """Tell whether every request in the advice's sentence overlaps the advice, and none sends data by
    a private channel: then the request word is the advice's own ("mohon minta karcis resmi")."""
    tokens = r.stream.tokens
    around = range(m.first, min(m.last + 3, len(tokens)))  # "Bisa lewat DM": the channel just after
    return not _PRIVATE_CHANNEL & {tokens[i].surface for i in around} and all(
        a.first <= m.last and m.first <= a.last for a in asks if a.sentence == m.sentence
    )


def _own_clause(r: Reply, m: Match, asks: list[Match]) -> bool:
    """Tell whether the office's step stands in a later clause of its own, after the request: "Silakan
    kirim via DM ya, malam ini juga regu piket kami meluncur ke sana" (not an aim: "…, agar kami …")."""
    clause = _clause(r, m.first)
    tokens = r.stream.tokens
    return (
        tokens[clause[0]].surface not in _AIMS
        and any(tokens[i].surface in OFFICE for i in clause)  # the office says it acts
        and all(a.last < clause[0] for a in asks if a.sentence == m.sentence)
    )


def _clause(r: Reply, index: int) -> range:
    """Return the token indices of the clause (between commas, in its sentence) holding `index`."""
    tokens = r.stream.tokens
    sentence = r.stream.sentences[r.stream.sentence_of(index)]
    first, last = index, index
    while first > sentence.first and tokens[first - 1].text != CLAUSE_BREAK:
        first -= 1
    while last + 1 < sentence.last and tokens[last + 1].text != CLAUSE_BREAK:
        last += 1
    return range(first, last + 1)


#: Modals that, negated, say a step cannot be taken: "belum dapat kami laksanakan".
_ABLE = frozenset({"dapat", "bisa", "mampu", "sempat", "boleh"})


def _cannot(r: Reply, words: list[str]) -> bool:
    """Tell whether words say the office cannot act: a negator right before a modal."""
    return any(w in r.rubric.negators and words[i + 1] in _ABLE for i, w in enumerate(words[:-1]))


def _restricted(r: Reply, index: int, timed: set[int]) -> bool:
    """Tell whether the time at token `index` is restricted to a schedule: "hanya", "cuma" or "khusus"
    before it, with only times between ("hanya hari Senin dan Kamis")."""
    tokens = r.stream.tokens
    i = index - 1
    while i >= 0 and (i in timed or tokens[i].surface in _LISTING):
        i -= 1
    return i >= 0 and tokens[i].surface in _RESTRICTING


def _timed_steps(r: Reply, excluded: set[int], times: list[Match], actors: set[int]) -> list[Match]:
    """Steps told by their grammar, whatever the verb: in a sentence where the office (kami/saya/
    kita) or a named actor speaks, a clause says something is done at a stated time ("Minggu pagi jam
    7 kita gotong royong korek parit", "tim ULP melakukan rabas pohon mulai hari ini", "Sdh sy telpon
    DLH, truk masuk besok jam 7 pagi", "petugas teknik datang paling lambat 3x24 jam"). The clause must
    not greet, promise news (calling the citizen back), describe routine, explain a cause (one after the
    time only explains the wait), set a condition, direct the citizen, deny or say the step cannot be
    taken."""
    blocked = [
        m
        for bank in _NOT_A_STEP
        for m in r.find(bank)
        if not (bank == "introduction" and _acts_after(r, m))  # "sy minta petugas …" introduces no one
    ]
    tokens = r.stream.tokens
    timed = {i for t in times for i in range(t.first, t.last + 1)}
    actor_tokens = {m.first for m in r.find("interim_actor")}
    # in a dated clause any team acts, named or not: "mulai Senin petugas pendaftaran akan mengumumkan …"
    actors = actors | {m.sentence for m in r.find("interim_team")}

    def only_time(clause: range) -> bool:
        return all(i in timed or tokens[i].surface in _DEADLINE for i in clause)

    found: list[Match] = []
    for t in times:
        si = t.sentence
        sentence = r.stream.sentences[si]
        role = r.role(si)
        if si in excluded or sentence.question or not (role.office_subject or si in actors):
            continue
        head = tokens[t.first]
        if head.surface != head.text.lstrip("#") or _NOT_STEP_SENTENCE & set(r.words(si)):
            continue  # "di harian ini" is no "hari ini"
        if _restricted(r, t.first, timed):
            continue  # "Imunisasi hanya hari Senin dan Kamis": the schedule restated, no one's step
        clause = _clause(r, t.first)
        # "…, estimasi 2-3 jam karena gangguan hari ini banyak": the cause after the time explains
        # the wait; the step before it stands
        cause = next((i for i in clause if i > t.last and tokens[i].surface in CAUSE), None)
        if cause is not None:
            clause = range(clause.start, cause)
        if only_time(clause) and clause.start > sentence.first:
            clause = range(_clause(r, clause.start - 2).start, clause.stop)  # "…, paling lambat hari Kamis"
        while only_time(clause) and clause.stop + 1 < sentence.last:  # "Mulai Senin, 14 Juli, petugas …"
            clause = range(clause.start, _clause(r, clause.stop + 1).stop)
        words = [tokens[i].surface for i in clause]
        if _HOPE & set(words):
            continue  # "semoga minggu depan sudah normal": a hope, not a step
        if _cannot(r, words):
            continue  # "saat ini belum dapat kami laksanakan": a step that is not taken
        if any(_contacts_citizen(r, i) for i in clause):
            continue  # "petugas akan telepon Bapak maksimal 2x24 jam": news promised, not a step
        if any(m.sentence == si and m.first in clause for m in blocked):
            continue
        if _ROUTINE & set(words):
            continue
        if _AWAY_OR_HELD & set(words):
            continue  # "Pak Camat lagi dinas luar … sampai Kamis", "armada tertahan kepadatan": no one acts
        stems = {tokens[i].text for i in clause}
        if stems & _NOT_STEP_WORDS or set(words) & (_NOT_STEP_WORDS | CAUSE | DIRECTIVE):
            continue
        if any(tokens[i].surface in CONDITION and (i < t.first or i == clause.start) for i in clause):
            continue  # "kalau sudah ada jadwal besok, …" (a condition after the step, "… apabila dokter
            # terlambat", leaves the step standing)
        if "jadwal" in words and not any(w in OFFICE for w in words) and not actor_tokens & set(clause):
            continue  # "jadwal angkut wilayah Cilodong Selasa & Jumat": the timetable restated
        aim = next((i for i, w in enumerate(words) if w in _AIMS), len(words))
        if set(words[:aim]) & r.rubric.negators:
            continue
        found.append(t)
        r.note(si, "interim_solution", "2: the office or a named actor acts at a stated time")
    return found


uses(_timed_steps, *_NOT_A_STEP, "interim_actor", "interim_team")
uses(
    _interim,
    "ask_request",
    "interim_action",
    "interim_action_topic",
    "interim_actor",
    "interim_advice",
    "interim_background",
    "interim_come_back",
    "interim_date",
    "interim_destination",
    "interim_meanwhile",
    "interim_measure",
    "interim_offer",
    "interim_order",
    "interim_pending",
    "interim_progress",
    "interim_refusal",
    "interim_rights",
    "interim_routine",
    "interim_self_service",
    "interim_target",
    "interim_team",
    "interim_temporary",
    "interim_time",
    "interim_vague",
    "routing",
)


# A report said to come "di/lewat/melalui/via" something names where it comes, unless that is a place.
_VIA = frozenset({"di", "lewat", "melalui", "via"})
_CHANNEL_WORDS = frozenset(
    {"dm", "wa", "whatsapp", "ig", "instagram", "inbox", "sms", "email", "lapor!", "sp4n-lapor!"}
)
_PLACES = frozenset(
    {"lokasi", "jalan", "jl", "gang", "rumah", "wilayah", "daerah", "kawasan", "sekitar", "tempat", "sana"}
    | {"situ", "atas", "bawah", "depan", "belakang", "dalam", "luar", "samping", "area", "titik", "lapangan"}
    | {"kantor", "rt", "rw", "kelurahan", "kecamatan", "desa", "dusun", "kampung", "perumahan", "blok"}
)


def _says_where(r: Reply, last: int) -> bool:
    """Tell whether a report verb is followed, in its clause, by where the report will come ("di story")."""
    tokens = r.stream.tokens
    sentence = r.stream.sentences[r.stream.sentence_of(last)]
    for i in range(last + 1, min(sentence.last - 1, last + 4)):
        if tokens[i].text == CLAUSE_BREAK:
            return False
        if tokens[i].surface in _VIA:
            nxt = tokens[i + 1]
            return nxt.surface in _CHANNEL_WORDS or (
                nxt.surface not in _PLACES and not nxt.text.startswith("#") and not nxt.capitalised
            )
    return False


# "nanti kami infokan ya": an informing verb promised for later that closes its clause has the
# outcome as its object and the citizen as its recipient ("… kami sampaikan" may go to anyone).
_INFORM = frozenset({"informasi", "update"})
_ANSWERS = frozenset({"balas", "jawab", "respon", "respons", "informasi", "update"})
_FUTURE = frozenset({"nanti", "akan", "segera"})
_CLAUSE_TAIL = frozenset(
    [
        "ya",
        "yah",
        "lagi",
        "kembali",
        "segera",
        "secepatnya",
        "selanjutnya",
        "nggih",
        "kakak",
        "bapak",
        "ibu",
        "mbak",
        "mas",
        "gan",
        "sdr",
        "saudara",
        "warga",
        "pelapor",
    ]
)


def _informs_later(r: Reply, m: Match) -> bool:
    tokens = r.stream.tokens
    if tokens[m.last].text not in _INFORM:
        return False
    if not any(tokens[i].surface in _FUTURE for i in range(max(m.first - 2, 0), m.last)):
        return False
    end = r.stream.sentences[m.sentence].last
    i = m.last + 1
    while i < end and tokens[i].text != CLAUSE_BREAK:
        if tokens[i].surface not in _CLAUSE_TAIL:
            return False
        i += 1
    return True


def status(r: Reply) -> tuple[int, list[Span]]:
    past = r.find("status_past")
    tokens = r.stream.tokens

    def fresh(m: Match) -> bool:
        # "sudah kami kabari" reports the past; "kalau sudah jadi kami telepon" promises.
        return not any(
            p.sentence == m.sentence
            and m.first - 3 <= p.first <= m.first
            and not (p.first > 0 and r.stream.tokens[p.first - 1].surface in CONDITION)
            and not _in_condition(r, p.first)  # "Jika TNKB sudah tiba akan kami informasikan lewat SMS"
            and r.stream.tokens[p.first].surface != "sesudah"  # "foto sebelum dan sesudah", no past
            for p in past
        )

    statements = r.find("status_statement")
    promises = [
        m
        for m in r.positive("status_promise")
        if fresh(m)
        # "Nanti kita kase tau dorang" (the kelurahan's operator): someone else is told, not the citizen
        and not (m.last + 1 < len(tokens) and tokens[m.last + 1].surface in _THIRD_PARTY | TITLES)
    ]
    for m in r.positive("status_report"):
        if not fresh(m) or any(s.first <= m.last and m.first <= s.last for s in statements):
            continue
        # What is reported must be progress (a noun, not "Menanggapi …", a verb that shares its stem).
        first = r.stream.sentences[m.sentence].first  # (an aim in the sentence before is not this one's)
        objects = [
            x
            for x in r.in_sentence("status_object", m.sentence)
            if not tokens[x.first].surface.startswith("me")
            # "… sampaikan ke Dinas …, agar dapat segera ditindaklanjuti": the purpose, not what is reported
            and not any(
                tokens[i].surface in _AIMS for i in range(min(m.last + 1, max(first, x.first - 3)), x.first)
            )
        ]
        if (
            objects
            or any(
                m.last < x.first <= m.last + 2
                # "sampaikan ke Pak RW": an official, not the citizen, is told
                and not (x.last + 1 < len(tokens) and tokens[x.last + 1].surface in TITLES)
                for x in r.in_sentence("status_recipient", m.sentence)
            )
            or _informs_later(r, m)
            # "Nanti kami cek dan balas di DM": an answer promised, with where it will come
            or (tokens[m.last].text in _ANSWERS and _says_where(r, m.last))
        ):
            promises.append(m)
    tracking = r.find("status_tracking")
    watch = [
        m
        for m in r.positive("status_watch")
        # "Boleh saya lihat nomor antreannya?": the office asks to look; "mohon tidak ikut menyebarkan"
        if not (r.stream.sentences[m.sentence].question and r.role(m.sentence).office_subject)
        and not any(tokens[i].text in r.rubric.negators for i in range(m.first, m.last + 1))
    ]
    best = 0
    evidence: list[Span] = []
    # "Mohon segera menghubungi contact center" tells the citizen to call; it promises no report back.
    promises = [
        m
        for m in promises
        if not (
            (
                r.role(m.sentence).directive
                # "segera hubungi 110": a number to call is the citizen's step, not a call back
                or (m.last + 1 < len(tokens) and tokens[m.last + 1].text.startswith("#"))
            )
            and tokens[m.first].surface not in OFFICE
            and tokens[m.last].surface not in CITIZEN  # "petugas telepon Bapak": a call back to them
            and any(tokens[i].text in _CONTACT_STEMS for i in range(m.first, m.last + 1))
        )
    ]
    for m in promises:
        timed = (
            r.in_sentence("status_time", m.sentence)
            or r.in_sentence("status_channel", m.sentence)
            or _says_where(r, m.last)
        )
        best = max(best, 2 if timed else 1)
        evidence.append(r.sentence_span(m.sentence))
    for m in tracking:
        # How to check may follow in the next sentence: "Nomor tiket SMB-1. Cek statusnya di ..."
        checkable = any(
            any(not _nominal(tokens[c.first].surface) for c in r.in_sentence("status_check_verb", si))
            or r.in_sentence("status_channel", si)
            for si in (m.sentence, m.sentence + 1)
        )  # "menunggu proses pemeriksaan" names someone else's check, not how the citizen checks
        best = max(best, 2 if checkable else 1)
        evidence.append(r.sentence_span(m.sentence))
    for m in watch:
        best = max(best, 1)
        evidence.append(r.sentence_span(m.sentence))
    return best, dedupe(evidence)


uses(
    status,
    "status_channel",
    "status_check_verb",
    "status_object",
    "status_past",
    "status_promise",
    "status_recipient",
    "status_report",
    "status_statement",
    "status_time",
    "status_tracking",
    "status_watch",
)
