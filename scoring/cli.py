"""Command line: `python -m scoring batch|agreement|explain|train|cv`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import yaml

from .engine import Context, Fact, Result, score
from .errors import ScoringError
from .matcher import MAX_REPLY_CHARS, Reply
from .metrics import exact_agreement, micro_f1, quadratic_weighted_kappa
from .rubric import CRITERIA, FLAGS, Rubric, default_rubric

__all__ = ["main"]

CHANNELS = ("lapor", "sambat", "callcenter", "social", "tatap_muka")


class _ScenarioContexts:
    """Read a scenario's facts for batch scoring; unknown or broken slugs give no context."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._cache: dict[str, dict[str, Any] | None] = {}

    def get(self, slug: object) -> dict[str, Any] | None:
        if not isinstance(slug, str) or self.directory is None or not slug.replace("-", "").isalnum():
            return None
        if slug not in self._cache:
            path = self.directory / f"{slug}.yaml"
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                data = None
            self._cache[slug] = data if isinstance(data, dict) else None
        return self._cache[slug]


def context_from(item: dict[str, Any], scenarios: _ScenarioContexts) -> Context:
    """Build a scoring context from an input line and, if it names one, its scenario."""
    complaint = item.get("complaint")
    channel = item.get("channel")
    facts: tuple[Fact, ...] = ()
    interim: tuple[str, ...] = ()
    scenario = scenarios.get(item.get("scenario"))
    if scenario is not None:
        opening = scenario.get("opening")
        if not isinstance(complaint, str) and isinstance(opening, dict):
            complaint = opening.get("text")
        if channel is None:
            channel = scenario.get("channel")
        raw_facts = scenario.get("facts")
        if isinstance(raw_facts, list):
            facts = tuple(
                Fact(str(f.get("key", i)), tuple(str(w) for w in f.get("asked_by", []) or []))
                for i, f in enumerate(raw_facts)
                if isinstance(f, dict)
            )
        measures = scenario.get("interim_measures")
        if isinstance(measures, list):
            interim = tuple(str(m) for m in measures)
    return Context(
        complaint=complaint if isinstance(complaint, str) else "",
        channel=channel if channel in CHANNELS else None,
        facts=facts,
        interim_terms=interim,
    )


def _read_jsonl(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Yield (line number, object or None, error) for each non-blank line, one at a time."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(item, dict):
            yield number, None, "expected a JSON object"
        elif not isinstance(item.get("response"), str):
            yield number, None, "'response' must be a string"
        elif "id" not in item:
            yield number, None, "missing 'id'"
        else:
            yield number, item, ""


def _batch_line(item: dict[str, Any], result: Result) -> dict[str, Any]:
    return {
        "id": item["id"],
        "scores": result.points,
        "flags": list(result.flags),
        "total": result.total,
        "evidence": {
            key: [[s.start, s.end, s.text] for s in c.evidence] for key, c in result.criteria.items()
        }
        | {key: [[s.start, s.end, s.text] for s in f.evidence] for key, f in result.flags.items()},
        "version": result.version,
    }


def _open_input(path: str) -> IO[str]:
    return sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115


def cmd_batch(args: argparse.Namespace, rubric: Rubric) -> int:
    """Score a JSONL file line by line, streaming."""
    scenarios = _ScenarioContexts(args.scenarios)
    bad = 0
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        with _open_input(args.input) as stream:
            for number, item, error in _read_jsonl(stream):
                if item is None:
                    bad += 1
                    print(f"{args.input}:{number}: {error}", file=sys.stderr)
                    continue
                result = score(item["response"], context_from(item, scenarios), rubric=rubric)
                out.write(json.dumps(_batch_line(item, result), ensure_ascii=False) + "\n")
                if out is sys.stdout:
                    out.flush()  # a line in, a line out: callers can pipe a stream through
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if bad else 0


def cmd_agreement(args: argparse.Namespace, rubric: Rubric) -> int:
    """Compare the scorer with hand labels: kappa, confusion matrices, disagreements by pattern."""
    scenarios = _ScenarioContexts(args.scenarios)
    gold: dict[str, list[int]] = {k: [] for k in CRITERIA}
    predicted: dict[str, list[int]] = {k: [] for k in CRITERIA}
    gold_flags: list[set[str]] = []
    predicted_flags: list[set[str]] = []
    by_pattern: dict[str, list[str]] = {}
    bad = 0
    with _open_input(args.input) as stream:
        for number, item, error in _read_jsonl(stream):
            labels = item.get("labels") if item else None
            if (
                item is None
                or not isinstance(labels, dict)
                or any(labels.get(k) not in (0, 1, 2) for k in CRITERIA)
            ):
                bad += 1
                print(
                    f"{args.input}:{number}: {error or 'labels must give 0, 1 or 2 for every criterion'}",
                    file=sys.stderr,
                )
                continue
            result = score(item["response"], context_from(item, scenarios), rubric=rubric)
            pattern = str(item.get("pattern") or "(no pattern)")
            misses = by_pattern.setdefault(pattern, [])
            reply = " / ".join(str(item["response"]).splitlines())
            for key in CRITERIA:
                gold[key].append(labels[key])
                predicted[key].append(result.points[key])
                if labels[key] != result.points[key]:
                    misses.append(
                        f"{item['id']}\t{key}\tlabel={labels[key]}\tpredicted={result.points[key]}\t{reply}"
                    )
            expected = {f for f in item.get("flags", []) if f in FLAGS}
            got = set(result.flags)
            gold_flags.append(expected)
            predicted_flags.append(got)
            if expected != got:
                misses.append(
                    f"{item['id']}\tflags\tlabel={sorted(expected)}\tpredicted={sorted(got)}\t{reply}"
                )
    if not gold_flags:
        print("no labelled lines to compare", file=sys.stderr)
        return 1
    print(f"{'criterion':<18}{'kappa':>8}{'exact':>8}")
    kappas = []
    for key in CRITERIA:
        kappa = quadratic_weighted_kappa(gold[key], predicted[key])
        kappas.append(kappa)
        print(f"{key:<18}{kappa:>8.3f}{exact_agreement(gold[key], predicted[key]):>8.3f}")
    print(f"{'mean kappa':<18}{sum(kappas) / len(kappas):>8.3f}")
    print(f"{'flag micro-F1':<18}{micro_f1(gold_flags, predicted_flags):>8.3f}")
    count = sum(len(m) for m in by_pattern.values())
    print(f"items: {len(gold_flags)}, disagreements: {count}")
    print()
    print(confusion_matrices(gold, predicted, gold_flags, predicted_flags))
    print()
    print("Disagreements by pattern")
    for pattern, misses in sorted(by_pattern.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if misses:
            print(f"## {pattern} ({len(misses)})")
            for line in misses:
                print(line)
    return 1 if bad else 0


def confusion_matrices(
    gold: dict[str, list[int]],
    predicted: dict[str, list[int]],
    gold_flags: list[set[str]],
    predicted_flags: list[set[str]],
) -> str:
    """Return a 3x3 matrix per criterion (rows: label, columns: scorer) and TP/FP/FN/TN per flag."""
    lines = ["Confusion matrices (rows: label, columns: scorer)"]
    for key in CRITERIA:
        lines.append(f"{key:<18}     0    1    2")
        for label in (0, 1, 2):
            cells = [
                sum(1 for g, p in zip(gold[key], predicted[key], strict=True) if g == label and p == col)
                for col in (0, 1, 2)
            ]
            lines.append(f"{'':<12}label {label}" + "".join(f"{c:>5}" for c in cells))
    lines.append(f"{'flag':<20}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}")
    for flag in FLAGS:
        pairs = [(flag in g, flag in p) for g, p in zip(gold_flags, predicted_flags, strict=True)]
        tp = sum(1 for g, p in pairs if g and p)
        fp = sum(1 for g, p in pairs if p and not g)
        fn = sum(1 for g, p in pairs if g and not p)
        tn = len(pairs) - tp - fp - fn
        lines.append(f"{flag:<20}{tp:>5}{fp:>5}{fn:>5}{tn:>5}")
    return "\n".join(lines)


def explain(result: Result, reply: str, rubric: Rubric | None = None, context: Context | None = None) -> str:
    """Return a breakdown: points with evidence marked [[like this]], then each sentence's roles and rules."""
    lines = [f"Total: {result.total}/100   ({result.version})", ""]
    for c in result.criteria.values():
        lines.append(f"{c.label} ({c.key}): {c.points}/2 — {c.explanation}")
        for span in c.evidence:
            lines.append(f"    bukti: {_mark(reply, span.start, span.end)}")
        if c.tip:
            lines.append(f"    saran: {c.tip}")
    for f in result.flags.values():
        lines.append(f"! {f.label} ({f.key}, -{f.penalty}): {f.tip}")
        for span in f.evidence:
            lines.append(f"    bukti: {_mark(reply, span.start, span.end)}")
    lines += ["", "Per sentence (roles, then each rule that fired and why):"]
    analysed = Reply(rubric or default_rubric(), reply[:MAX_REPLY_CHARS], context or Context())
    for si, sentence in enumerate(analysed.stream.sentences):
        text = reply[sentence.start : sentence.end]
        role = analysed.role(si)
        roles = [
            name
            for name, on in (
                ("question", role.question),
                ("directs the citizen", role.directive),
                ("addresses the citizen", role.citizen_subject),
                ("second person", role.second_person),
                ("office speaks", role.office_subject),
                ("cause/excuse", role.cause),
                ("condition", role.conditional),
            )
            if on
        ]
        lines.append(f"[{si + 1}] {text}")
        lines.append(f"    roles: {', '.join(roles) or 'statement'}")
        fired = [n for n in result.trace if n.sentence.start == sentence.start]
        for key, c in result.criteria.items():
            if any(sentence.start <= s.start < sentence.end for s in c.evidence) and not any(
                n.rule == key for n in fired
            ):
                lines.append(f"    {key}: evidence for {c.points}/2")
        for n in fired:
            lines.append(f"    {n.rule}: {n.why}")
        for key, f in result.flags.items():
            if any(sentence.start <= s.start < sentence.end for s in f.evidence) and not any(
                n.rule == key for n in fired
            ):
                lines.append(f"    {key}: raised here")
    return "\n".join(lines)


def _mark(text: str, start: int, end: int) -> str:
    left = max(0, start - 30)
    right = min(len(text), end + 30)
    return (
        ("…" if left else "")
        + text[left:start]
        + "[["
        + text[start:end]
        + "]]"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def cmd_explain(args: argparse.Namespace, rubric: Rubric) -> int:
    """Print the breakdown of one reply."""
    context = Context(complaint=args.complaint or "", channel=args.channel)
    print(explain(score(args.reply, context, rubric=rubric), args.reply, rubric, context))
    return 0


DATA_DIR = Path("tests/data")
FIRST_RUN = DATA_DIR / "first_run" / "real_probes.jsonl"


def _training_items(args: argparse.Namespace, rubric: Rubric, use_rules: bool) -> list[Any]:
    try:
        from . import train
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ScoringError(f"training needs the 'train' extra (pip install -e '.[train]'): {exc}") from exc
    paths = [Path(p) for p in args.sets] if args.sets else sorted(Path(args.data).glob("*.jsonl"))
    if not paths:
        raise ScoringError(f"no labelled sets (*.jsonl) in {args.data}")
    rows = train.read_sets(paths)
    if args.limit:
        rows = [
            row
            for name in sorted({n for n, _ in rows})
            for row in [r for r in rows if r[0] == name][: args.limit]
        ]
    return train.prepare(rows, rubric, use_rules=use_rules)


def _first_read(args: argparse.Namespace, items: list[Any]) -> list[Any]:
    from . import train

    if not args.first_run:
        return items
    rows = [
        json.loads(line)
        for line in Path(args.first_run).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return train.first_read(items, rows, not args.no_rules)


def cmd_train(args: argparse.Namespace, rubric: Rubric) -> int:
    """Fit the flag model on the labelled sets and write its JSON weights."""
    from . import train
    from .learned import MODEL_FILE, load_model

    items = _first_read(args, _training_items(args, rubric, not args.no_rules))
    train.BETA = args.beta
    adopted = args.adopt if args.adopt is not None else True
    if args.adopt is None and MODEL_FILE.exists():
        adopted = load_model(MODEL_FILE).adopted  # keep the shipped decision unless told
    payload = train.fit_model(items, rubric, use_rules=not args.no_rules, adopted=adopted)
    out = Path(args.output) if args.output else MODEL_FILE
    out.write_text(
        json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    weights = sum(len(v["weights"]) for v in payload["flags"].values())
    thresholds = ", ".join(f"{k} {v['threshold']:g}" for k, v in payload["flags"].items())
    print(
        f"{payload['name']}: {len(items)} replies, {weights} weights, thresholds {thresholds}, "
        f"adopted={adopted} -> {out}"
    )
    return 0


def cmd_cv(args: argparse.Namespace, rubric: Rubric) -> int:
    """Leave one labelled set out at a time: rules alone, model alone, rules plus model."""
    from . import train

    items = _training_items(args, rubric, not args.no_rules)
    train.BETA = args.beta
    items = _first_read(args, items)
    log = (lambda text: print(text, file=sys.stderr)) if args.verbose else None
    results = train.cross_validate(
        items, rubric, use_rules=not args.no_rules, progress=log, held_out=args.test
    )
    print(f"{'set':<24}{'items':>6}  " + "  ".join(f"{s + ' TP/FP/FN F1':>24}" for s in train.SYSTEMS))
    groups: dict[str, list[str]] = {"all": sorted(results)}
    groups["real-style"] = [n for n in groups["all"] if not n.startswith(train.TEAM_PREFIXES)]
    groups["team-style"] = [n for n in groups["all"] if n.startswith(train.TEAM_PREFIXES)]
    if args.pool:
        groups["pooled " + ",".join(args.pool)] = [n for n in groups["all"] if n in args.pool]
    rows = [(n, results[n]) for n in groups["all"]] + [
        (f"[{g}]", train.pooled(results, names)) for g, names in groups.items() if names
    ]
    sizes = {n: sum(1 for i in items if i.set == n) for n in groups["all"]}
    for name, counts in rows:
        size = sizes.get(name) or sum(sizes[n] for g, ns in groups.items() if f"[{g}]" == name for n in ns)
        cells = "  ".join(
            f"{f'{c.tp}/{c.fp}/{c.fn}':>15} {c.f1:>8.3f}" for c in (counts[s] for s in train.SYSTEMS)
        )
        print(f"{name:<24}{size:>6}  {cells}")
    if not all(i.replayed for i in items if i.set in results):
        print()
        print("criteria (quadratic weighted kappa), pooled: rules / rules+model / rules|model")
        for g, names in groups.items():
            if not names:
                continue
            total = train.pooled(results, names)
            before, after, either = (total[s].kappa() for s in ("rules", "rules+model", "rules|model"))
            if not before:
                continue  # replayed items only: criteria are not replayed
            cells = "  ".join(
                f"{k} {before[k]:.3f}/{after[k]:.3f}/{either[k]:.3f}" for k in CRITERIA if k in before
            )
            print(f"[{g}] {cells}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `python -m scoring`."""
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__)
    parser.add_argument("--rubric", type=Path, help="rubric YAML (default: the packaged one)")
    sub = parser.add_subparsers(dest="command", required=True)
    scenario_help = "directory of scenario YAML files for the 'scenario' key (default: ./scenarios)"
    batch = sub.add_parser("batch", help="score a JSONL file of replies")
    batch.add_argument("input", help="JSONL input ('-' for standard input)")
    batch.add_argument("-o", "--output", help="JSONL output (default: standard output)")
    batch.add_argument("--scenarios", type=Path, default=Path("scenarios"), help=scenario_help)
    agreement = sub.add_parser("agreement", help="compare the scorer with labelled replies")
    agreement.add_argument("input", help="labelled JSONL ('-' for standard input)")
    agreement.add_argument("--scenarios", type=Path, default=Path("scenarios"), help=scenario_help)
    explain_cmd = sub.add_parser("explain", help="explain the score of one reply")
    explain_cmd.add_argument("reply")
    explain_cmd.add_argument("--complaint")
    explain_cmd.add_argument("--channel", choices=CHANNELS)
    for name, text in (
        ("train", "fit the learned flag model (needs the 'train' extra)"),
        ("cv", "cross-validate the flag model, leaving one labelled set out at a time"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("sets", nargs="*", help="labelled JSONL files (default: every *.jsonl in --data)")
        cmd.add_argument(
            "--data", default=str(DATA_DIR), help="directory of labelled sets (default: tests/data)"
        )
        cmd.add_argument(
            "--no-rules", action="store_true", help="leave the rules' outputs out of the features"
        )
        cmd.add_argument("--limit", type=int, default=0, help="use only the first N rows of each set")
        cmd.add_argument("--beta", type=float, default=1.0, help="thresholds maximise F-beta (default 1)")
        cmd.add_argument(
            "--first-run",
            default=str(FIRST_RUN) if FIRST_RUN.exists() else None,
            help="JSONL of the first-run rules' reading (bench/first_run_flags.py) used instead of today's "
            f"for the replies it covers (default: {FIRST_RUN} if present; '' for none)",
        )
        if name == "train":
            cmd.add_argument("-o", "--output", help="where to write the model (default: the packaged file)")
            cmd.add_argument(
                "--adopt",
                action=argparse.BooleanOptionalAction,
                default=None,
                help="mark the model as used by score() (default: keep the shipped decision)",
            )
        else:
            cmd.add_argument("--pool", nargs="*", help="also pool these set names")
            cmd.add_argument("--test", nargs="*", help="leave out only these sets, one at a time")
            cmd.add_argument("-v", "--verbose", action="store_true", help="print each fold as it ends")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        rubric = Rubric.load(args.rubric) if args.rubric else default_rubric()
        handler = {
            "batch": cmd_batch,
            "agreement": cmd_agreement,
            "explain": cmd_explain,
            "train": cmd_train,
            "cv": cmd_cv,
        }[args.command]
        return handler(args, rubric)
    except ScoringError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
