"""What editors changed, for the public pages: field, old and new value, and
when, never who."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import Actor, Claim
from .templatetags.tracker_tags import fuzzy_date

# The fields readers care about, and how to name them.
SHOWN_FIELDS = {
    "status": "status",
    "kind": "kind",
    "attribution": "attribution",
    "speaker_id": "speaker",
    "text": "text",
    "quote": "quoted words",
    "stated_on": "date",
    "stated_precision": "date precision",
    "figure_value": "figure",
    "figure_qualifier": "qualifier",
    "figure_subject": "what is counted",
}


@dataclass
class Change:
    when: dt.datetime
    field: str
    old: str
    new: str


def changes(claims: list[Claim]) -> dict[int, list[Change]]:
    """Changes after the first version of each claim, oldest first, by claim
    id. Two queries: the history rows and the names of speakers in them."""
    ids = [c.pk for c in claims]
    if not ids:
        return {}
    rows = list(
        Claim.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *SHOWN_FIELDS)
    )
    speaker_ids = {row["speaker_id"] for row in rows if row["speaker_id"]}
    names = dict(Actor.objects.filter(pk__in=speaker_ids).values_list("pk", "name"))
    result: dict[int, list[Change]] = {}
    previous = None
    for row in rows:
        if previous is not None and previous["id"] == row["id"]:
            for field, label in SHOWN_FIELDS.items():
                if row[field] != previous[field]:
                    result.setdefault(row["id"], []).append(
                        Change(
                            row["history_date"],
                            label,
                            _shown(field, previous, names),
                            _shown(field, row, names),
                        )
                    )
        previous = row
    return result


def _shown(field: str, row: dict, names: dict) -> str:
    value = row[field]
    if value in (None, ""):
        return "none"
    if field == "speaker_id":
        return names.get(value, "an actor since removed")
    if field == "stated_on":
        return fuzzy_date(value, row["stated_precision"])
    if field == "status":
        return Claim.Status(value).label
    return str(value)
