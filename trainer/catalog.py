"""Load scenarios/*.yaml and the agency catalogue into frozen, validated objects.

Every problem is reported as ``path:line: key.path: message``. YAML is read with PyYAML's
safe composer, so tags are never executed; duplicate keys and anchors/aliases are refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .scenario_schema import Agency, AgencyCatalogue, Scenario

AGENCY_FILE = "agencies.yaml"
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 40  # scenarios nest 4-5 levels; a deeper document is a mistake or an attack
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, located by line and key path."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.file}:{self.line}:{key} {self.message}"


class YamlProblems(Exception):
    """A file could not be read as plain YAML data."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with the exact text it came from."""

    slug: str
    path: str
    scenario: Scenario
    yaml_text: str
    content_hash: str


@dataclass
class Catalog:
    """The scenario library: valid scenarios, broken files with their problems, agencies."""

    directory: str
    scenarios: dict[str, LoadedScenario] = field(default_factory=dict)
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    agency_problems: list[Problem] = field(default_factory=list)

    def get(self, slug: str) -> LoadedScenario | None:
        """Return a valid scenario by slug, or None."""
        return self.scenarios.get(slug)

    def free_practice(self) -> list[LoadedScenario]:
        """Return the scenarios open for free practice, by difficulty then title."""
        items = [s for s in self.scenarios.values() if s.scenario.free_practice]
        return sorted(items, key=lambda s: (s.scenario.difficulty, s.scenario.title))


def content_hash(text: str) -> str:
    """Return the SHA-256 of a scenario's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _check_depth(text: str, filename: str) -> None:
    """Refuse a document nested deeper than MAX_DEPTH before composing it (composing recurses)."""
    depth = 0
    # libyaml's parser when present: the pure-Python scanner needs ~0.3 s to reach a deep flow list.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = int(event.start_mark.line) + 1
                raise YamlProblems([Problem(filename, line, "", "the document is nested too deeply")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(text: str, filename: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text into plain data plus the line of every key path; raise YamlProblems."""
    if len(text) > MAX_FILE_BYTES:  # text from a form or upload: the same bound as a file on disk
        raise YamlProblems(
            [Problem(filename, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")]
        )
    try:
        _check_depth(text, filename)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        message = f"invalid YAML: {exc.problem or exc}"
        if "nesting depth" in str(exc.problem):  # libyaml ≥ 0.2.5 (PyYAML 6.0.3+) stops deep input itself
            message = "the document is nested too deeply"
        raise YamlProblems([Problem(filename, line, "", message)]) from exc
    except yaml.YAMLError as exc:
        raise YamlProblems([Problem(filename, 1, "", f"invalid YAML: {exc}")]) from exc
    if root is None:
        raise YamlProblems([Problem(filename, 1, "", "the file is empty")])
    marks: dict[Path_, int] = {(): _line(root)}
    problems: list[Problem] = []
    seen: set[int] = set()
    constructor = yaml.SafeLoader("")
    count = 0

    def walk(node: yaml.Node, path: Path_) -> Any:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise YamlProblems([Problem(filename, _line(node), _key(path), "the document is too large")])
        if len(path) > MAX_DEPTH:
            raise YamlProblems(
                [Problem(filename, _line(node), _key(path), "the document is nested too deeply")]
            )
        if id(node) in seen:
            problems.append(
                Problem(
                    filename, _line(node), _key(path), "YAML anchors and aliases (& and *) are not allowed"
                )
            )
            return None
        seen.add(id(node))
        marks[path] = _line(node)
        if node.tag not in _PLAIN_TAGS:
            problems.append(Problem(filename, _line(node), _key(path), f"unsupported YAML tag {node.tag}"))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(Problem(filename, _line(key_node), _key(path), "keys must be plain text"))
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(
                        Problem(filename, _line(key_node), _key(path), "merge keys (<<) are not allowed")
                    )
                    continue
                key = key_node.value
                if key in result:
                    problems.append(
                        Problem(
                            filename,
                            _line(key_node),
                            _key((*path, key)),
                            f"duplicate key {key!r} (first given above)",
                        )
                    )
                    continue
                marks[(*path, key)] = _line(key_node)
                result[key] = walk(value_node, (*path, key))
                marks[(*path, key)] = _line(key_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            problems.append(Problem(filename, _line(node), _key(path), f"invalid value: {exc.problem}"))
            return None

    data = walk(root, ())
    if problems:
        raise YamlProblems(problems)
    return data, marks


def _key(path: Iterable[str | int]) -> str:
    return ".".join(str(p) for p in path)


def validation_problems(exc: ValidationError, filename: str, marks: dict[Path_, int]) -> list[Problem]:
    """Turn pydantic errors into located problems."""
    problems = []
    for error in exc.errors():
        loc: Path_ = tuple(p for p in error["loc"] if isinstance(p, str | int))
        probe = loc
        while probe and probe not in marks:
            probe = probe[:-1]
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key (check its spelling against scenarios/README.md)"
        elif error["type"] == "missing":
            message = "required key is missing"
        problems.append(Problem(filename, marks.get(probe, 1), _key(loc), message))
    return problems


def parse_model(
    model: type[BaseModel], text: str, filename: str
) -> tuple[Any, dict[Path_, int], list[Problem]]:
    """Parse and validate YAML text against a model; return (object or None, marks, problems)."""
    try:
        data, marks = read_yaml(text, filename)
    except YamlProblems as exc:
        return None, {}, exc.problems
    if not isinstance(data, dict):
        return None, marks, [Problem(filename, 1, "", "the file must be a mapping of keys to values")]
    try:
        return model.model_validate(data), marks, []
    except ValidationError as exc:
        return None, marks, validation_problems(exc, filename, marks)


def load_agencies(directory: Path) -> tuple[dict[str, Agency], list[Problem]]:
    """Load the agency catalogue from a scenario directory."""
    path = directory / AGENCY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return {}, [Problem(str(path), 1, "", f"cannot read the agency catalogue: {exc.strerror}")]
    catalogue, marks, problems = parse_model(AgencyCatalogue, text, str(path))
    if catalogue is None:
        return {}, problems
    agencies: dict[str, Agency] = {}
    for i, agency in enumerate(catalogue.agencies):
        if agency.code in agencies:
            problems.append(
                Problem(
                    str(path),
                    marks.get(("agencies", i), 1),
                    f"agencies.{i}.code",
                    f"duplicate agency code {agency.code!r}",
                )
            )
        agencies[agency.code] = agency
    return agencies, problems


def check_scenario_file(
    path: Path, agencies: dict[str, Agency]
) -> tuple[LoadedScenario | None, list[Problem]]:
    """Read and validate one scenario file against the agency catalogue."""
    filename = str(path)
    slug = path.stem
    if not slug.replace("-", "").replace("_", "").isalnum() or slug != slug.lower():
        return None, [
            Problem(filename, 1, "", "the file name is the slug: use lower-case letters, digits and '-'")
        ]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(filename, 1, "", f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(filename, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(filename, 1, "", "the file is not UTF-8 text")]
    return check_scenario_text(text, filename, slug, agencies)


def check_scenario_text(
    text: str, filename: str, slug: str, agencies: dict[str, Agency]
) -> tuple[LoadedScenario | None, list[Problem]]:
    """Validate a scenario's YAML text against the schema and the agency catalogue."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [Problem(filename, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")]
    scenario, marks, problems = parse_model(Scenario, text, filename)
    if scenario is None:
        return None, problems
    ownership = scenario.ownership
    codes: list[tuple[Path_, str]] = [(("ownership", "owner"), ownership.owner)]
    codes += [(("ownership", "acceptable", i), c) for i, c in enumerate(ownership.acceptable)]
    codes += [(("ownership", "coordinate", i), c) for i, c in enumerate(ownership.coordinate)]
    for loc, code in codes:
        if code not in agencies:
            line = marks.get(loc, marks.get(loc[:2], 1))
            problems.append(
                Problem(filename, line, _key(loc), f"unknown agency code {code!r} (see {AGENCY_FILE})")
            )
    if problems:
        return None, problems
    return LoadedScenario(slug, filename, scenario, text, content_hash(text)), []


def scenario_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield the scenario files among the given files and directories (not the agency file)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.glob("*.yaml") if p.name != AGENCY_FILE)
        elif path.name != AGENCY_FILE:
            yield path


def load_catalog(directory: str | Path) -> Catalog:
    """Load every scenario of a directory; broken files are kept aside with their problems."""
    root = Path(directory)
    catalog = Catalog(str(root))
    catalog.agencies, catalog.agency_problems = load_agencies(root)
    for path in scenario_files([root]):
        loaded, problems = check_scenario_file(path, catalog.agencies)
        if loaded is not None:
            catalog.scenarios[loaded.slug] = loaded
        else:
            catalog.broken[path.stem] = problems
    return catalog


def parse_version(slug: str, yaml_text: str) -> Scenario:
    """Rebuild the scenario object from a stored version's exact text."""
    scenario, _, problems = parse_model(Scenario, yaml_text, f"{slug}.yaml")
    if scenario is None:
        raise YamlProblems(problems)
    result: Scenario = scenario
    return result
