"""Template helpers for dates at their precision, kind labels and timeline
entries."""

import datetime as dt

from django import template

register = template.Library()


@register.simple_tag
def entry_html(entry):
    """The entry's partial (tracker/_entry.html), rendered once per content
    and then taken from the cache (see tracker/fragments.py)."""
    from tracker.fragments import entry_html as rendered

    return rendered(entry)


# The site is written in English. Naming the months here is several times
# quicker than Django's locale-aware date formatting, and a page shows a
# hundred dates.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@register.filter
def fuzzy_date(value: dt.date | None, precision: str = "day") -> str:
    """A date at its precision: "7 February 2024", "February 2024", "2024".
    A date known only to the month is never shown with a made-up day."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{MONTH_NAMES[value.month - 1]} {value.year}"
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


@register.filter
def iso_at_precision(value: dt.date | None, precision: str = "day") -> str:
    """The machine-readable form for <time datetime>: 2024-02-07, 2024-02, 2024."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


KIND_LABELS = {
    "quote": "Quote",
    "reported": "Reported",
    "figure": "Figure",
    "event": "Event",
}


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def mark_quotes(text: str, quote: str = ""):
    """The text with each quoted part set apart in a <span class="quoted">.
    Both are escaped; only the span elements are markup."""
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    parts = [p.strip() for p in (quote or "").split(" … ") for p in p.split("\n\n") if p.strip()]
    pieces, position = [], 0
    for part in parts:
        found = text.find(part, position)
        if found == -1:
            continue
        pieces.append(conditional_escape(text[position:found]))
        pieces.append(format_html('<span class="quoted">{}</span>', part))
        position = found + len(part)
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(p) for p in pieces))


@register.filter
def figure_amount(claim) -> str:
    """A figure as readers expect it: "more than 27,000", "25%" for a share,
    "$4.5m" stays in units, "hundreds" when there is no exact value."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    value = claim.figure_value
    qualifier = claim.figure_qualifier
    unit = claim.figure_unit
    if value is None:
        amount = ""
    elif unit != "%" and 0 < value < 1:
        amount = f"{value * 100:.0f}% of"
        unit = ""
    elif value == int(value):
        amount = intcomma(int(value))
    else:
        amount = intcomma(f"{value:.2f}".rstrip("0").rstrip("."))
    if unit == "%":
        amount, unit = f"{amount}%", ""
    elif unit and len(unit) == 3 and unit.isupper():
        amount, unit = f"{unit} {amount}", ""
    return " ".join(part for part in (qualifier, amount, unit) if part)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None
