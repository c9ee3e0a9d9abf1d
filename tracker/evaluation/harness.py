"""Run the evaluation tasks over ../shared/corpora and report them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from . import tasks
from .corpora import CorpusMissing

# name -> (corpus folders it needs, how to run it)
TASKS: dict[str, tuple[tuple[str, ...], Callable[..., list[tasks.Row]]]] = {
    "timex": (
        ("tempeval3/TBAQ-cleaned",),
        lambda root, **_: tasks.temporal_expressions(root / "tempeval3" / "TBAQ-cleaned"),
    ),
    "actors": (
        ("meantime/intra_cross-doc_annotation",),
        lambda root, **_: tasks.actors(root / "meantime" / "intra_cross-doc_annotation"),
    ),
    "figures": (
        ("meantime/intra_cross-doc_annotation",),
        lambda root, **_: tasks.figures(root / "meantime" / "intra_cross-doc_annotation"),
    ),
    "attribution": (
        ("polnear",),
        lambda root, **_: tasks.attribution(root / "polnear"),
    ),
    "pronouns": (
        ("meantime/intra_cross-doc_annotation", "gum-wikinews"),
        lambda root, **_: tasks.pronouns(
            root / "meantime" / "intra_cross-doc_annotation", root / "gum-wikinews"
        ),
    ),
    "repeats": (
        ("polnear",),
        lambda root, **options: tasks.repeats(root / "polnear", options["repeat_documents"]),
    ),
    "speed": (
        ("reuters21578-sample",),
        lambda root, **options: tasks.speed(
            root / "reuters21578-sample", options["speed_documents"]
        ),
    ),
}


def run(
    root: Path,
    only: list[str] | None = None,
    *,
    speed_documents: int = 1000,
    repeat_documents: int = 300,
    on_task: Callable[[str], None] | None = None,
) -> tuple[list[tasks.Row], list[str]]:
    """Every requested task's rows, and a note for each corpus that is missing."""
    if not root.is_dir():
        raise CorpusMissing(f"the corpora folder {root} is not there")
    rows, notes = [], []
    for name, (folders, task) in TASKS.items():
        if only and name not in only:
            continue
        missing = [f for f in folders if not (root / f).is_dir()]
        if missing:
            notes.append(f"{name}: skipped, {', '.join(str(root / f) for f in missing)} missing")
            continue
        if on_task:
            on_task(name)
        rows.extend(task(root, speed_documents=speed_documents, repeat_documents=repeat_documents))
    return rows, notes


def table(rows: list[tasks.Row]) -> str:
    """The rows as a fixed-width table, grouped by task."""
    header = f"{'metric':<48} {'P':>6} {'R':>6} {'F1':>6} {'value':>10}  {'target':>7}  {'anchor'}"
    lines = []
    current = None
    for row in rows:
        if row.task != current:
            current = row.task
            lines += ["", f"{row.task} ({row.documents} documents)", header, "-" * len(header)]
        if row.score is not None:
            score = row.score
            numbers = f"{score.precision:6.1f} {score.recall:6.1f} {score.f1:6.1f} {'':>10}"
        else:
            value = f"{row.value:.3f}" if row.unit == "ratio" else f"{row.value:.1f}"
            numbers = f"{'':>6} {'':>6} {'':>6} {value + ' ' + _short(row.unit):>10}"
        if row.target is None:
            target = ""
        else:
            target = f"{'≥' + format(row.target, 'g'):>5} {'✓' if row.met else '✗'}"
        lines.append(f"{row.metric:<48} {numbers}  {target:>7}  {row.anchor}")
    return "\n".join(lines).lstrip("\n")


def _short(unit: str) -> str:
    return {"articles/s": "art/s", "ratio": "", "%": "%"}.get(unit, unit)


def as_json(rows: list[tasks.Row], notes: list[str]) -> str:
    return json.dumps(
        {"results": [r.as_dict() for r in rows], "notes": notes}, indent=2, ensure_ascii=False
    )
