"""What a sentence does, read from its grammar: who it addresses, who acts, whether it directs.

The rules for flags and criteria ask these questions of a sentence rather than looking for
whole phrases, so a differently worded reply of the same kind is read the same way:

- *second person*: the sentence speaks to the citizen as "kamu/anda/bro", or with the suffix -mu;
- *citizen subject*: the citizen or the public is named (warga, pelapor, Bapak/Ibu, kamu ...);
- *office subject*: the office speaks of itself (kami, saya, kita);
- *directive*: the sentence tells the citizen what to do (mohon/harap/jangan/silakan/tolong,
  "warga bisa/harus ...", "pelanggan diminta ...") — as opposed to the office committing itself;
- *cause*: the sentence explains a cause or gives an excuse (karena, akibat, disebabkan ...);
- *conditional*: it states a condition (kalau, jika, bila, apabila, setelah).

The word sets here are grammar (pronouns, modal and directive particles, conjunctions), not
rubric phrases: trainers extend phrases in rubric.yaml; these change only with the language.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalize import CLAUSE_BREAK, Token

__all__ = ["Role", "names_complainer", "read_role"]

SECOND_PERSON = frozenset(
    {
        "kamu",
        "anda",
        "kalian",
        "situ",
        "lu",
        "elu",
        "loe",
        "lo",
        "engkau",
        "kau",
        "bro",
        "sis",
        "dek",
        "dik",
        "adek",
    }
)
CITIZEN = SECOND_PERSON | frozenset(
    {
        "warga",
        "warganya",
        "masyarakat",
        "pelapor",
        "pelanggan",
        "pemohon",
        "pengguna",
        "penumpang",
        "pengunjung",
        "netizen",
        "bapak",
        "ibu",
        "kakak",
        "saudara",
        "saudari",
        "mas",
        "mbak",
        "adik",
        "sampeyan",
        "panjenengan",
        "kk",
        "gan",
        "sobat",
        "sahabat",
        "neng",
        "teteh",
        "nona",
        "bunda",
    }
)
OFFICE = frozenset({"kami", "saya", "kita", "aku", "kmi"})
#: Officials' titles: "Pak Lurah", "Bu Kabid", "ke Pak RW" name an official, not the reporter.
TITLES = frozenset(
    {"lurah", "camat", "kadis", "kabid", "kasi", "kasubag", "sekdes", "kades", "bupati", "wali", "walikota"}
    | {"kepala", "rt", "rw", "dokter", "dr", "direktur", "kapolsek", "danramil", "sekda", "gubernur"}
)
#: Words that put an act in the past: "sudah kami kirim", "sudah dikoordinasikan".
DONE = frozenset({"sudah", "telah", "sdh", "udah", "tlh"})
DIRECTIVE = frozenset(
    {
        "mohon",
        "harap",
        "diharapkan",
        "diminta",
        "dimohon",
        "jangan",
        "silakan",
        "silahkan",
        "tolong",
        "coba",
        "sebaiknya",
        "hendaknya",
        "monggo",
        "mari",
        "ayo",
        "usahakan",
        "pastikan",
        "sarankan",
        "mending",
        "mendingan",
        "menyarankan",
        "disarankan",
    }
)
# After "mohon/harap": the office apologising or asking leave, not directing the citizen.
NOT_DIRECTING_NEXT = frozenset({"maaf", "izin", "ijin", "ampun", "dimaafkan", "doa", "doanya", "kesediaan"})
CITIZEN_MODAL = frozenset(
    {
        "bisa",
        "dapat",
        "harus",
        "wajib",
        "perlu",
        "mesti",
        "boleh",
        "diminta",
        "diharapkan",
        "dimohon",
        "hendaknya",
    }
)
CAUSE = frozenset({"karena", "akibat", "disebabkan", "sebab", "lantaran", "gara-gara", "dikarenakan"})
CONDITION = frozenset(
    {"kalau", "kalo", "jika", "bila", "apabila", "jikalau", "setelah", "sesudah", "seandainya"}
)
# "yang bikin video itu …", "yang lapor …": the complainant named by the act of complaining.
COMPLAINER_ACTS = frozenset(
    {"lapor", "melapor", "posting", "memposting", "unggah", "mengunggah", "upload", "komplain", "protes"}
    | {"ngeluh", "mengeluh", "viralkan", "memviralkan", "viralin", "komen", "berkomentar", "rekam", "merekam"}
)
MAKING = frozenset({"bikin", "buat", "membuat", "nyebar", "menyebar", "menyebarkan", "sebar"})
MADE = frozenset({"video", "videonya", "konten", "postingan", "status", "berita", "unggahan", "tulisan"})
# Words ending in -mu that are not the second-person suffix.
_NOT_MU = frozenset(
    {
        "ilmu",
        "jamu",
        "tamu",
        "temu",
        "bertemu",
        "ketemu",
        "menemu",
        "ramu",
        "kamu",
        "semu",
        "jemu",
        "umu",
        "rumu",
    }
)


@dataclass(frozen=True, slots=True)
class Role:
    """What one sentence does (see the module docstring)."""

    question: bool
    second_person: bool
    citizen_subject: bool
    office_subject: bool
    directive: bool
    cause: bool
    conditional: bool


_SO_THEN = frozenset({"makanya", "jadi", "maka"})
#: Words that open an aim or a result: "warga bisa …" after one is no one told what to do.
_PURPOSE_OPENERS = frozenset({"supaya", "agar", "biar", "sehingga"})
#: Verbs that, bare after "makanya", tell the citizen what to do.
_BARE_IMPERATIVES = frozenset(
    {"datang", "baca", "dibaca", "cek", "dicek", "lihat", "dilihat", "follow", "ikuti", "pantau", "antre"}
    | {"antri", "bangun", "berangkat", "bawa", "dibawa", "tanya", "ditanya", "daftar", "simak", "perhatikan"}
)


def _second_person_suffix(surface: str) -> bool:
    return len(surface) > 4 and surface.endswith("mu") and surface not in _NOT_MU


def names_complainer(words: list[str]) -> bool:
    """Tell whether the words name the complainer by their act ("yang lapor", "yang bikin video")."""
    for i, w in enumerate(words[:-1]):
        if w != "yang":
            continue
        nxt = words[i + 1]
        if nxt in COMPLAINER_ACTS or (nxt in MAKING and i + 2 < len(words) and words[i + 2] in MADE):
            return True
    return False


def read_role(tokens: tuple[Token, ...], first: int, last: int, question: bool) -> Role:
    """Read the role of the sentence made of tokens[first:last]."""
    kept = [t for t in tokens[first:last] if t.text != CLAUSE_BREAK]
    words = [t.surface for t in kept]
    second = any(w in SECOND_PERSON or _second_person_suffix(w) for w in words)
    citizen = (
        second
        or any(w in CITIZEN or w.removesuffix("nya") in CITIZEN for w in words)
        or names_complainer(words)
    )
    office = any(w in OFFICE for w in words)
    directive = False
    for i, w in enumerate(words):
        if w in DIRECTIVE:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt not in NOT_DIRECTING_NEXT:
                directive = True
                break
        if (
            w in CITIZEN
            and any(x in CITIZEN_MODAL for x in words[i + 1 : i + 4])
            and not (i > 0 and words[i - 1] in _PURPOSE_OPENERS)  # "supaya adik bisa ikut ujian": an aim
        ):
            directive = True
            break
        if i == 0 and w.endswith("lah") and kept[i].text != w:  # "buanglah", "bersabarlah"; not "masalah"
            directive = True
            break
        if i == 0 and w == "bagi" and "yang" in words[1:5] and any(x in CITIZEN_MODAL for x in words[2:9]):
            directive = True  # "Bagi wajib pajak yang keberatan dapat mengajukan …": the public addressed
            break
        if i == 0 and w in _SO_THEN and len(words) > 1 and words[1] in _BARE_IMPERATIVES:
            directive = True  # "Makanya datang lebih pagi", "makanya dibaca dulu" (not "makanya lampu mati")
            break
    return Role(
        question=question,
        second_person=second,
        citizen_subject=citizen,
        office_subject=office,
        directive=directive,
        cause=any(w in CAUSE for w in words),
        conditional=any(w in CONDITION for w in words),
    )
