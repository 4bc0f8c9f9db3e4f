"""The scenario editor's form: one table of fields mirroring the scenario format, and the
converters between form values, scenario data (the dict the YAML holds) and YAML text.

Validation is not done here: form values become scenario data, scenario data becomes YAML
text, and the text goes through the same checks as `flask --app trainer scenarios check`.
A field of the format is one `FieldSpec` line below; `tests/test_authoring_forms.py` fails
when the schema has a field the table lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

import yaml
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..scenario_schema import REACTION_TRIGGERS, Scenario

#: How a field is shown and read back.
Kind = Literal["text", "textarea", "int", "select", "checks", "bool", "tristate", "list", "lines"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of the editor: its dotted path in the format, its label and its widget."""

    path: str
    label: Any
    kind: Kind = "text"
    help: Any = None


@dataclass(frozen=True)
class Section:
    """A part of the editor; `repeat` names a list of items (facts) edited as rows."""

    key: str
    title: Any
    fields: tuple[FieldSpec, ...]
    repeat: str | None = None
    help: Any = None


REACTION_LABELS = {
    "rejects_ownership": _l("Admin menolak kewenangan"),
    "blames_citizen": _l("Admin menyalahkan warga"),
    "impolite": _l("Admin tidak sopan (opsional)"),
    "discloses_identity": _l("Admin membuka identitas (opsional)"),
    "no_empathy": _l("Tanpa empati"),
    "vague": _l("Jawaban samar"),
    "calmed": _l("Warga tenang (empati dan langkah nyata)"),
    "neutral": _l("Netral"),
    "confused": _l("Warga bingung istilah (opsional)"),
    "repeated": _l("Balasan yang sama diulang (opsional)"),
}

_LINES_HELP = _l("Satu kalimat per baris; beberapa baris = beberapa variasi ucapan.")
_LIST_HELP = _l("Satu isian per baris.")

SECTIONS: tuple[Section, ...] = (
    Section(
        "umum",
        _l("Umum"),
        (
            FieldSpec("title", _l("Judul")),
            FieldSpec("category", _l("Kategori")),
            FieldSpec("difficulty", _l("Tingkat kesulitan (1–3)"), "int"),
            FieldSpec("estimated_minutes", _l("Perkiraan durasi (menit)"), "int"),
            FieldSpec("tags", _l("Tag"), "list", _LIST_HELP),
            FieldSpec("free_practice", _l("Terbuka untuk latihan mandiri"), "bool"),
            FieldSpec("form_group", _l("Kelompok bentuk paralel (pre/post-test)")),
            FieldSpec("needs", _l("Yang harus dicapai percakapan"), "checks"),
        ),
    ),
    Section(
        "warga",
        _l("Warga: persona dan suasana hati"),
        (
            FieldSpec("citizen.persona.age_band", _l("Kelompok usia"), "select"),
            FieldSpec("citizen.persona.gender", _l("Jenis kelamin"), "select"),
            FieldSpec("citizen.persona.temperament", _l("Watak")),
            FieldSpec("citizen.persona.description", _l("Deskripsi"), "textarea"),
            FieldSpec("citizen.persona.traits", _l("Ciri yang memengaruhi reaksi"), "checks"),
            FieldSpec("citizen.mood", _l("Suasana hati awal"), "select"),
            FieldSpec("citizen.anonymity", _l("Kerahasiaan pelapor"), "select"),
            FieldSpec("citizen.kelurahan", _l("Kelurahan")),
            FieldSpec("citizen.city", _l("Kota")),
        ),
    ),
    Section(
        "pembuka",
        _l("Pesan pembuka dan kanal"),
        (
            FieldSpec("channel", _l("Kanal"), "select"),
            FieldSpec(
                "opening.text",
                _l("Pesan pembuka warga"),
                "textarea",
                _l("Boleh memakai {name}, {address}, {ticket}, {handle} dan penanda lain."),
            ),
            FieldSpec("opening.received_minutes_ago", _l("Aduan masuk (menit yang lalu)"), "int"),
            FieldSpec("opening.context.ticket_prefix", _l("Awalan nomor tiket")),
            FieldSpec("opening.context.status", _l("Status tiket (LAPOR!)")),
            FieldSpec("opening.context.platform", _l("Platform media sosial"), "select"),
            FieldSpec("opening.context.public_thread", _l("Utas publik?"), "tristate"),
            FieldSpec("opening.context.line", _l("Saluran telepon")),
            FieldSpec("opening.context.place", _l("Tempat (tatap muka)")),
        ),
    ),
    Section(
        "fakta",
        _l("Fakta tersembunyi"),
        (
            FieldSpec("key", _l("Kunci")),
            FieldSpec("label", _l("Label")),
            FieldSpec("asked_by", _l("Kata pemancing"), "list", _l("Satu kata per baris.")),
            FieldSpec("reveal", _l("Jawaban warga"), "textarea"),
        ),
        repeat="facts",
        help=_l("Warga membuka fakta ketika pertanyaan admin memuat salah satu kata pemancingnya."),
    ),
    Section(
        "reaksi",
        _l("Reaksi warga"),
        tuple(
            spec
            for trigger in REACTION_TRIGGERS
            for spec in (
                FieldSpec(f"reactions.{trigger}.mood", REACTION_LABELS[trigger], "int"),
                FieldSpec(f"reactions.{trigger}.say", REACTION_LABELS[trigger], "lines", _LINES_HELP),
            )
        ),
        help=_l("Perubahan suasana hati −3..3 dan ucapan warga. Reaksi opsional boleh dikosongkan."),
    ),
    Section(
        "akhir",
        _l("Pesan penutup"),
        (
            FieldSpec("end.max_turns", _l("Batas giliran"), "int"),
            FieldSpec("end.resolved", _l("Jika tertangani"), "lines", _LINES_HELP),
            FieldSpec("end.unresolved", _l("Jika batas giliran tercapai"), "lines", _LINES_HELP),
            FieldSpec("end.gave_up", _l("Jika warga kehabisan sabar (opsional)"), "lines", _LINES_HELP),
        ),
    ),
    Section(
        "kewenangan",
        _l("Kewenangan dan disposisi"),
        (
            FieldSpec("ownership.owner", _l("Instansi penanggung jawab (kode)")),
            FieldSpec("ownership.acceptable", _l("Instansi lain yang dapat diterima"), "list", _LIST_HELP),
            FieldSpec("ownership.coordinate", _l("Instansi untuk koordinasi"), "list", _LIST_HELP),
            FieldSpec("ownership.action", _l("Tindakan admin yang benar"), "select"),
            FieldSpec("ownership.rationale", _l("Alasan"), "textarea"),
            FieldSpec("interim_measures", _l("Solusi sementara yang cocok"), "list", _LIST_HELP),
            FieldSpec("safety_terms", _l("Instruksi keselamatan yang cocok"), "list", _LIST_HELP),
        ),
    ),
    Section(
        "jawaban",
        _l("Jawaban teladan dan catatan pelatih"),
        (
            FieldSpec("model_answer", _l("Jawaban teladan"), "textarea"),
            FieldSpec("trainer_notes", _l("Catatan pelatih"), "textarea"),
        ),
    ),
)

_EMPTY_ROW_COUNT = 1  # a new scenario starts with one empty fact row


# --- the format, read from the pydantic models ---------------------------------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += _models_in(arg)
    return found


def _field_info(path: str) -> Any:
    model: type[BaseModel] = Scenario
    info: Any = None
    for part in path.split("."):
        info = model.model_fields[part]
        inner = _models_in(info.annotation)
        if inner:
            model = inner[0]
    return info


def schema_paths(model: type[BaseModel] = Scenario, prefix: str = "") -> list[str]:
    """Return the dotted path of every leaf field of the format (list items without index)."""
    paths: list[str] = []
    for name, info in model.model_fields.items():
        inner = _models_in(info.annotation)
        if inner:
            paths += schema_paths(inner[0], f"{prefix}{name}.")
        else:
            paths.append(prefix + name)
    return paths


def _literals(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    for arg in get_args(annotation):
        found = _literals(arg)
        if found:
            return found
    return ()


def choices(spec: FieldSpec, repeat: str | None = None) -> tuple[str, ...]:
    """Return the allowed values of a select or checks field, from the schema's Literal type."""
    path = f"{repeat}.{spec.path}" if repeat else spec.path
    return _literals(_field_info(path).annotation)


def default(spec: FieldSpec, repeat: str | None = None) -> Any:
    """Return the schema's default of a field (None when it has none)."""
    info = _field_info(f"{repeat}.{spec.path}" if repeat else spec.path)
    if info.default_factory is not None:
        return info.default_factory()
    return None if info.default is PydanticUndefined else info.default


def all_specs() -> list[tuple[str, FieldSpec]]:
    """Return (full path, spec) for every field of the editor, items of lists without index."""
    return [(f"{s.repeat}.{f.path}" if s.repeat else f.path, f) for s in SECTIONS for f in s.fields]


# --- form values <-> scenario data -------------------------------------------------------

Values = dict[str, Any]  # form field name -> str, or list[str] for checks


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, Mapping) or part not in data:
            return None
        data = data[part]
    return data


def _encode(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "checks":
        return [str(v) for v in value] if isinstance(value, list) else []
    if spec.kind == "bool":
        return "1" if value is True else ""
    if value is None:
        return ""
    if spec.kind == "tristate":
        return "true" if value is True else "false" if value is False else str(value)
    if spec.kind in ("list", "lines") and isinstance(value, list):
        return "\n".join("" if v is None else str(v) for v in value)
    return str(value)


def values_from_data(data: Mapping[str, Any]) -> Values:
    """Return the form values showing scenario data (absent fields show the format's default)."""
    values: Values = {}
    for section in SECTIONS:
        if section.repeat is None:
            for spec in section.fields:
                value = _get(data, spec.path)
                if value is None and not _present(data, spec.path):
                    value = default(spec)
                values[spec.path] = _encode(spec, value)
            continue
        items = data.get(section.repeat)
        items = items if isinstance(items, list) else []
        for i, item in enumerate(items):
            for spec in section.fields:
                values[f"{section.repeat}.{i}.{spec.path}"] = _encode(spec, _get(item, spec.path))
    return values


def _present(data: Any, path: str) -> bool:
    head, _, last = path.rpartition(".")
    parent = _get(data, head) if head else data
    return isinstance(parent, Mapping) and last in parent


def values_from_form(form: Any) -> Values:
    """Read the editor's fields from submitted form data (a MultiDict), keeping empty rows."""
    values: Values = {}
    for section in SECTIONS:
        if section.repeat is None:
            for spec in section.fields:
                values[spec.path] = _read(form, spec.path, spec)
            continue
        for i in row_indices(form.keys(), section.repeat):
            for spec in section.fields:
                values[f"{section.repeat}.{i}.{spec.path}"] = _read(
                    form, f"{section.repeat}.{i}.{spec.path}", spec
                )
    return renumber(values)


def _read(form: Any, name: str, spec: FieldSpec) -> Any:
    if spec.kind == "checks":
        return [str(v) for v in form.getlist(name)]
    return str(form.get(name, "")).replace("\r\n", "\n")


def row_indices(names: Iterable[str], repeat: str) -> list[int]:
    """Return the row numbers present among field names like `facts.3.key`, in order."""
    pattern = re.compile(rf"^{re.escape(repeat)}\.(\d+)\.")
    return sorted({int(m.group(1)) for name in names if (m := pattern.match(name))})


def renumber(values: Values) -> Values:
    """Number repeated rows 0, 1, 2 … in their current order."""
    result: Values = {}
    for section in SECTIONS:
        if section.repeat is None:
            result.update({s.path: values.get(s.path, "") for s in section.fields})
            continue
        for new, old in enumerate(row_indices(values, section.repeat)):
            for spec in section.fields:
                result[f"{section.repeat}.{new}.{spec.path}"] = values.get(
                    f"{section.repeat}.{old}.{spec.path}", ""
                )
    return result


def add_row(values: Values, repeat: str) -> Values:
    """Append an empty row to a repeated section."""
    section = next(s for s in SECTIONS if s.repeat == repeat)
    n = len(row_indices(values, repeat))
    extra = {f"{repeat}.{n}.{s.path}": [] if s.kind == "checks" else "" for s in section.fields}
    return {**values, **extra}


def remove_row(values: Values, repeat: str, index: int) -> Values:
    """Drop one row of a repeated section and number the others again."""
    prefix = f"{repeat}.{index}."
    return renumber({k: v for k, v in values.items() if not k.startswith(prefix)})


def _decode(spec: FieldSpec, raw: Any) -> Any:
    """Return the data value of a form value, or None to leave the key out."""
    if spec.kind == "checks":
        return list(raw or [])
    if spec.kind == "bool":
        return bool(raw)
    text = str(raw or "").strip()
    if spec.kind in ("list", "lines"):
        items = [line.strip() for line in text.split("\n") if line.strip()]
        if not items:
            return None
        return items[0] if spec.kind == "lines" and len(items) == 1 else items
    if not text:
        return None
    if spec.kind == "tristate":
        return {"true": True, "false": False}.get(text, text)
    if spec.kind == "int":
        return int(text) if re.fullmatch(r"[-+]?\d+", text) else text
    return text


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _prune(value)
            if not value:
                continue
        result[key] = value
    return result


def data_from_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return scenario data from form values; blank fields and wholly blank rows are left out."""
    data: dict[str, Any] = {}
    for section in SECTIONS:
        if section.repeat is None:
            for spec in section.fields:
                value = _decode(spec, values.get(spec.path))
                if value is not None and value != default(spec):
                    _set(data, spec.path, value)
            continue
        items = []
        for i in row_indices(values, section.repeat):
            item: dict[str, Any] = {}
            for spec in section.fields:
                value = _decode(spec, values.get(f"{section.repeat}.{i}.{spec.path}"))
                if value is not None and value != default(spec, section.repeat):
                    _set(item, spec.path, value)
            if item:
                items.append(item)
        if items:
            data[section.repeat] = items
    return _ordered(_prune(data), Scenario)


def _ordered(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Order keys as the format declares them, so the YAML reads like the bundled files."""
    result: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        inner = _models_in(info.annotation)
        if inner and isinstance(value, dict):
            value = _ordered(value, inner[0])
        elif inner and isinstance(value, list):
            value = [_ordered(v, inner[0]) if isinstance(v, dict) else v for v in value]
        result[name] = value
    result.update({k: v for k, v in data.items() if k not in result})
    return result


def unknown_keys(data: Any, model: type[BaseModel] = Scenario, prefix: str = "") -> list[str]:
    """Return the key paths of data the form cannot show (keys the format does not have)."""
    if not isinstance(data, Mapping):
        return []
    found: list[str] = []
    for key, value in data.items():
        info = model.model_fields.get(str(key))
        if info is None:
            found.append(f"{prefix}{key}")
            continue
        inner = _models_in(info.annotation)
        if inner and isinstance(value, list):
            for i, item in enumerate(value):
                found += unknown_keys(item, inner[0], f"{prefix}{key}.{i}.")
        elif inner:
            found += unknown_keys(value, inner[0], f"{prefix}{key}.")
    return found


def multiline_items(data: Mapping[str, Any]) -> list[str]:
    """Return the fields whose list items span several lines (the form shows one item per line)."""
    found = []
    for section in SECTIONS:
        kinds = [s for s in section.fields if s.kind in ("list", "lines")]
        items = data.get(section.repeat) if section.repeat else [data]
        for i, item in enumerate(items if isinstance(items, list) else []):
            for spec in kinds:
                value = _get(item, spec.path)
                values = value if isinstance(value, list) else [value]
                if any(isinstance(v, str) and "\n" in v.strip() for v in values):
                    found.append(f"{section.repeat}.{i}.{spec.path}" if section.repeat else spec.path)
    return found


# --- YAML text ----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # our loader refuses anchors and aliases


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """Return scenario data as YAML text in the bundled files' layout."""
    if not data:
        return ""
    return yaml.dump(
        dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def comment_lines(text: str) -> list[int]:
    """Return the lines of YAML text that hold a comment (the form cannot keep comments).

    A `#` is a comment only outside every token the YAML scanner reads: `"Tiket #12"` (quoted) and
    a `|` block's `#` are text, `kunci: nilai  # catatan` is not. Unreadable YAML gives [].
    """
    if "#" not in text:
        return []
    try:
        spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=yaml.SafeLoader)]
    except yaml.YAMLError:
        return []
    lines: set[int] = set()
    for m in _COMMENT_START.finditer(text):
        if not any(start <= m.start() < end for start, end in spans):
            lines.add(text.count("\n", 0, m.start()) + 1)
    return sorted(lines)


# --- errors next to fields -----------------------------------------------------------------


def field_for(key: str, names: list[str]) -> str | None:
    """Return the form field a problem's key path belongs to (longest prefix, else first child)."""
    if not key:
        return None
    known = set(names)
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return next((n for n in names if n.startswith(key + ".")), None)


@dataclass
class FieldView:
    """One field as the template shows it."""

    name: str
    label: Any
    kind: str
    value: Any
    choices: tuple[str, ...] = ()
    help: Any = None
    errors: list[str] = field(default_factory=list)


@dataclass
class SectionView:
    """One section of the editor, with its fields (or rows of fields for a repeated section)."""

    key: str
    title: Any
    help: Any
    repeat: str | None
    fields: list[FieldView] = field(default_factory=list)
    rows: list[list[FieldView]] = field(default_factory=list)


def editor_sections(values: Values, errors: Mapping[str, list[str]]) -> list[SectionView]:
    """Prepare every section, field, value and error for the template."""
    views = []
    for section in SECTIONS:
        view = SectionView(section.key, section.title, section.help, section.repeat)

        def make(spec: FieldSpec, name: str, repeat: str | None) -> FieldView:
            return FieldView(
                name,
                spec.label,
                spec.kind,
                values.get(name, [] if spec.kind == "checks" else ""),
                choices(spec, repeat) if spec.kind in ("select", "checks") else (),
                spec.help,
                list(errors.get(name, [])),
            )

        if section.repeat is None:
            view.fields = [make(spec, spec.path, None) for spec in section.fields]
        else:
            view.rows = [
                [make(spec, f"{section.repeat}.{i}.{spec.path}", section.repeat) for spec in section.fields]
                for i in row_indices(values, section.repeat)
            ]
        views.append(view)
    return views


def field_names(values: Values) -> list[str]:
    """Return the names of the fields being shown, in page order."""
    return list(renumber(values))


def blank_values() -> Values:
    """Return the values of a new scenario: the format's defaults and one empty fact row."""
    values = values_from_data({})
    for _ in range(_EMPTY_ROW_COUNT):
        values = add_row(values, "facts")
    return values
