"""Entries as plain data for the exports (JSON, CSV, Atom, TimelineJS) and as
schema.org JSON-LD for search engines. One place decides what an entry says."""

from __future__ import annotations

import json

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .templatetags.tracker_tags import figure_amount, fuzzy_date, iso_at_precision
from .timeline import Entry

CSV_COLUMNS = [
    "id", "kind", "date", "precision", "speaker", "speaker_url", "actors", "text", "quote",
    "figure_value", "figure_qualifier", "figure_unit", "figure_subject", "attribution",
    "status", "article_title", "article_published_on", "url",
]  # fmt: skip


def entry_data(entry: Entry, absolute) -> dict:
    """Every field of an entry, with absolute links (``absolute(path)``)."""
    article = entry.article
    data = {
        "id": entry.anchor,
        "kind": entry.kind,
        "date": iso_at_precision(entry.date, entry.precision),
        "precision": entry.precision,
        "url": absolute(entry.get_absolute_url()),
        "article": {
            "id": article.pk,
            "title": article.title,
            "published_on": article.published_on.isoformat(),
            "url": absolute(article.get_absolute_url()),
        },
    }
    if entry.claim is not None:
        claim = entry.claim
        speaker = claim.speaker
        data.update(
            text=claim.text,
            quote=claim.quote or None,
            attribution=claim.attribution,
            status=claim.status,
            verified=claim.is_verified,
            speaker=_actor(speaker, absolute) if speaker else None,
            actors=[_actor(speaker, absolute)] if speaker else [],
            figure=(
                {
                    "value": claim.figure_value,
                    "qualifier": claim.figure_qualifier or None,
                    "unit": claim.figure_unit or None,
                    "subject": claim.figure_subject or None,
                }
                if claim.kind == claim.Kind.FIGURE
                else None
            ),
        )
    else:
        event = entry.event
        data.update(
            text=event.title,
            quote=None,
            attribution=None,
            status="extracted",
            verified=False,
            speaker=None,
            actors=[_actor(a, absolute) for a in entry.actors],
            figure=None,
        )
    return data


def _actor(actor, absolute) -> dict:
    return {
        "name": actor.name,
        "slug": actor.slug,
        "kind": actor.kind,
        "url": absolute(actor.get_absolute_url()),
    }


def csv_row(data: dict) -> list[str]:
    figure = data["figure"] or {}
    row = {
        **data,
        "speaker": data["speaker"]["name"] if data["speaker"] else "",
        "speaker_url": data["speaker"]["url"] if data["speaker"] else "",
        "actors": "; ".join(a["name"] for a in data["actors"]),
        "figure_value": "" if figure.get("value") is None else figure["value"],
        "figure_qualifier": figure.get("qualifier") or "",
        "figure_unit": figure.get("unit") or "",
        "figure_subject": figure.get("subject") or "",
        "article_title": data["article"]["title"],
        "article_published_on": data["article"]["published_on"],
    }
    return [spreadsheet_safe(row.get(column)) for column in CSV_COLUMNS]


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula: text that begins with
    = + - @ (or a tab or carriage return) is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


def headline(entry: Entry) -> str:
    if entry.claim is None:
        return entry.event.title
    claim = entry.claim
    who = claim.speaker.name if claim.speaker else "The article"
    if claim.kind == claim.Kind.FIGURE:
        what = f"{figure_amount(claim)} {claim.figure_subject}".strip()
    else:
        what = (
            f"“{Truncator(claim.quote).words(16)}”"
            if claim.quote
            else Truncator(claim.text).words(16)
        )
    return f"{who}: {what}"


def timelinejs(entries: list[Entry], title: str, absolute) -> dict:
    """The TimelineJS3 JSON format. TimelineJS renders text as HTML, so
    everything we say is escaped and only our own links are markup."""
    events = []
    for entry in entries:
        date = {"year": entry.date.year}
        if entry.precision in {"month", "day"}:
            date["month"] = entry.date.month
        if entry.precision == "day":
            date["day"] = entry.date.day
        text = entry.claim.text if entry.claim else entry.event.description or entry.event.title
        link = absolute(entry.get_absolute_url())
        source = escape(entry.article.title)
        events.append(
            {
                "unique_id": entry.anchor,
                "start_date": date,
                "display_date": fuzzy_date(entry.date, entry.precision),
                "group": escape(entry.claim.speaker.name)
                if entry.claim and entry.claim.speaker
                else escape(entry.kind),
                "text": {
                    "headline": escape(headline(entry)),
                    "text": f'<p>{escape(text)}</p><p><a href="{escape(link)}">{source}</a></p>',
                },
            }
        )
    return {"title": {"text": {"headline": escape(title), "text": ""}}, "events": events}


def jsonld(entries: list[Entry], absolute) -> str:
    """schema.org Quotation (direct quotes) and Claim (reported speech and
    figures) for the claims among ``entries``, as a safe <script> body."""
    graph = []
    for entry in entries:
        claim = entry.claim
        if claim is None:
            continue
        item = {
            "@type": "Quotation" if claim.kind == claim.Kind.QUOTE else "Claim",
            "@id": absolute(claim.get_absolute_url()),
            "text": claim.quote or claim.text,
            "dateCreated": iso_at_precision(claim.stated_on, claim.stated_precision),
            "isBasedOn": {
                "@type": "NewsArticle",
                "headline": claim.article.title,
                "datePublished": claim.article.published_on.isoformat(),
                "url": absolute(claim.article.get_absolute_url()),
            },
        }
        if claim.speaker:
            item["author"] = {
                "@type": "Person" if claim.speaker.kind == "person" else "Organization",
                "name": claim.speaker.name,
                "url": absolute(claim.speaker.get_absolute_url()),
            }
        if claim.kind != claim.Kind.QUOTE:
            item["appearance"] = {
                "@type": "CreativeWork",
                "url": absolute(claim.get_absolute_url()),
            }
        graph.append(item)
    if not graph:
        return ""
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Like json_script: nothing in the data can close the <script> element.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)
