"""Public pages and exports: thin views over querysets and the timeline
FilterSet. Every output of the timeline takes the same query string. The
public site is read-only: every view answers GET and HEAD only."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, router
from django.db.models import Count, Max
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import charts, fragments, highlight, history, picker, representation
from .filters import NEWEST
from .models import Actor, Alias, Article, Claim, Event
from .page_cache import cached_page
from .rows import Compiled, CompiledPages
from .timeline import EVERYTHING, Entry, Scope, TimelineView, group

# The figures page's view: figures with a value, and no events.
FIGURES = Scope(
    ("figures",),
    lambda: Claim.objects.public().figures().exclude(figure_value=None),
    lambda: Event.objects.none(),
)
FEED_ENTRIES = 50
TIMELINEJS_ENTRIES = 1000
JSON_PAGE_SIZE = 100
MAX_ACTOR_QUERY_CHARS = 100
FORMATS = [
    ("tracker:timeline", "text/html", "Web page"),
    ("tracker:timeline_json", "application/json", "JSON"),
    ("tracker:timeline_csv", "text/csv", "CSV"),
    ("tracker:timeline_atom", "application/atom+xml", "Atom feed"),
    ("tracker:timeline_timelinejs", "application/json", "TimelineJS"),
]


def _alternates(request, view: TimelineView, **extra) -> list[dict]:
    """The same view in every format, for links on the page and in headers;
    ``extra`` parameters narrow it the way the page does (an actor's page is
    the timeline for that actor)."""
    query = view.query_string(**extra) if view.is_valid else ""
    return [
        {
            "url": path + (f"?{query}" if query else ""),
            "type": content_type,
            "label": label,
            "current": request.resolver_match.view_name == name,
        }
        for name, path, content_type, label in _format_paths(get_script_prefix())
    ]


@functools.lru_cache(maxsize=16)
def _format_paths(script_prefix: str) -> list[tuple[str, str, str, str]]:
    """FORMATS with each one's path, under the script prefix the site is
    served at (the cache's key: reverse() reads it from the request).
    Reversing the five names took 100 µs of every timeline page."""
    return [(name, reverse(name), content_type, label) for name, content_type, label in FORMATS]


def _absolute(request):
    """``request.build_absolute_uri`` for site paths, with the host checked
    once per request rather than once per link (a page has hundreds)."""
    origin = _origin(request)

    def absolute(path: str) -> str:
        return origin + path if path.startswith("/") else request.build_absolute_uri(path)

    return absolute


def _origin(request) -> str:
    """Scheme and host: what absolute links on a page depend on, so part of
    the key of anything kept with such links (tracker/fragments.py)."""
    return f"{request.scheme}://{request.get_host()}"


def _with_links(response, request, view: TimelineView, **extra):
    return _with_alternates(response, request, _alternates(request, view, **extra))


def _with_alternates(response, request, alternates: list[dict]):
    """The other formats of the view in the Link header."""
    response["Link"] = ", ".join(
        f'<{request.build_absolute_uri(a["url"])}>; rel="alternate"; type="{a["type"]}"; '
        f'title="{a["label"]}"'
        for a in alternates
        if not a["current"]
    )
    return response


def _bad_filters(request, view: TimelineView, content_type="json"):
    if content_type == "json":
        response = JsonResponse({"errors": view.errors}, status=400)
    else:
        lines = [
            f"{field}: {message}" for field, messages in view.errors.items() for message in messages
        ]
        response = StreamingHttpResponse(
            ["Bad filter values:\n", *[line + "\n" for line in lines]],
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return _with_links(response, request, view)


# -- the timeline page ------------------------------------------------------


def _timeline_context(request, view: TimelineView, narrowed=None, **extra) -> tuple[dict, int]:
    """Filter, paginate and group one view of the timeline for a page. A bad
    filter value gives the form's message and a 400, never a server error."""
    context = {
        "filter": view.filter,
        "view": view,
        "actor_options": _actor_options(view),
        "alternates": _alternates(request, view, **(narrowed or {})),
        **extra,
    }
    if not view.is_valid:
        context.update(window=None, years=[], count=None, chips=[], density=[])
        return context, 400
    window = view.window(
        request.GET.get("after"), request.GET.get("before"), settings.TIMELINE_PAGE_SIZE
    )
    count = view.count()
    entries_digest = fragments.digest_of(window.entries)
    context.update(
        window=window,
        pages=_page_links(view, window),
        # Grouped under their headings only to render the list of entries
        # when it is not kept (the template calls it).
        years=partial(group, window.entries),
        entries=window.entries,
        # The key of the page's list of entries under their headings: made
        # once per content, like each entry (tracker/fragments.py).
        entries_digest=entries_digest,
        count=count,
        chips=_chips(view),
        # Charting a view of more than COUNT_CAP entries would mean counting
        # them all; the strip appears once the view is narrowed.
        density=charts.density(view) if count.exact else [],
        jsonld=fragments.kept(
            "jsonld",
            (_origin(request), entries_digest),
            lambda: representation.jsonld(window.entries, _absolute(request)),
        ),
    )
    return context, 200


def _page_links(view: TimelineView, window) -> dict:
    """Query strings for the pages around this one: first, previous, next."""
    links = {}
    if window.has_previous and window.first is not None:
        links["first"] = view.query_string()
        links["previous"] = view.query_string(before=window.first.token)
    if window.has_next and window.last is not None:
        links["next"] = view.query_string(after=window.last.token)
    return links


def _actor_options(view: TimelineView):
    """The actor picker's options with this view's actors chosen (see
    tracker.picker: cached, one query). The chosen actors were read when the
    filter was validated."""
    if not (view.filter.is_bound and view.is_valid):
        return picker.actor_options()
    return picker.actor_options(view.filter.form.cleaned_data.get("actor") or ())


def _chips(view: TimelineView) -> list[dict]:
    """Each active filter value with the link that removes it."""
    data = view.filter.form.cleaned_data if view.filter.is_bound else {}
    chips = []
    for actor in data.get("actor") or []:
        rest = [a.slug for a in data["actor"] if a.pk != actor.pk]
        chips.append({"label": f"Actor: {actor.name}", "query": view.query_string(actor=rest)})
    for kind in data.get("kind") or []:
        rest = [k for k in data["kind"] if k != kind]
        chips.append({"label": f"Kind: {kind}", "query": view.query_string(kind=rest)})
    for name, label in (("date_after", "From"), ("date_before", "Until")):
        if data.get(name):
            chips.append(
                {
                    "label": f"{label}: {data[name]:%-d %B %Y}",
                    "query": view.query_string(**{name: None}),
                }
            )
    if data.get("q"):
        chips.append({"label": f"Words: {data['q']}", "query": view.query_string(q=None)})
    if data.get("status") == "verified":
        chips.append({"label": "Verified only", "query": view.query_string(status=None)})
    if data.get("article"):
        chips.append(
            {"label": f"Article: {data['article'].title}", "query": view.query_string(article=None)}
        )
    if data.get("order") == NEWEST:
        chips.append({"label": "Newest first", "query": view.query_string(order=None)})
    return chips


@require_safe
@cached_page
def timeline(request):
    view = TimelineView.build(request.GET)
    context, status = _timeline_context(request, view)
    response = render(request, "tracker/timeline.html", context, status=status)
    return _with_alternates(response, request, context["alternates"])


# -- the same view in other formats -----------------------------------------


@require_safe
@cached_page
def timeline_json(request):
    """Entries with every field, a page at a time, with links to the next."""
    view = TimelineView.build(request.GET)
    if not view.is_valid:
        return _bad_filters(request, view)
    window = view.window(request.GET.get("after"), request.GET.get("before"), JSON_PAGE_SIZE)
    count = view.count()
    base = request.build_absolute_uri(request.path)
    links = {name: f"{base}?{query}" for name, query in _page_links(view, window).items()}
    absolute = _absolute(request)
    head = {
        "count": count.value,
        "count_is_exact": count.exact,
        "count_is_estimated": count.estimated,
        "next": links.get("next"),
        "previous": links.get("previous"),
    }
    # The entries, serialized once per content (tracker/fragments.py) and
    # written in after the rest: most of a page's entries outlive a change.
    entries = fragments.kept(
        "json-entries",
        (_origin(request), fragments.digest_of(window.entries)),
        lambda: json.dumps(
            [representation.entry_data(e, absolute) for e in window.entries], ensure_ascii=False
        ),
    )
    body = json.dumps(head, ensure_ascii=False)[:-1] + f', "entries": {entries}}}'
    return _with_links(HttpResponse(body, content_type="application/json"), request, view)


class _Echo:
    def write(self, value):
        return value


@require_safe
def timeline_csv(request):
    """Every matching entry, one row each, streamed; spreadsheet-safe cells."""
    view = TimelineView.build(request.GET)
    if not view.is_valid:
        return _bad_filters(request, view, content_type="text")
    writer = csv.writer(_Echo())
    absolute = _absolute(request)

    def rows():
        yield writer.writerow(representation.CSV_COLUMNS)
        for entry in view.stream():
            data = representation.entry_data(entry, absolute)
            yield writer.writerow(representation.csv_row(data))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="timeline.csv"'
    return _with_links(response, request, view)


def _feed(request, title: str, link: str, actor: Actor | None = None):
    """The newest entries of the view (of one actor's) as an Atom feed."""
    view = _view(request.GET, actor)
    if not view.is_valid:
        return _bad_filters(request, view)
    newest = _view(_newest_first(request.GET), actor)
    entries = list(newest.stream(limit=FEED_ENTRIES)) if newest.is_valid else []
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description="Statements, figures and events from the news.",
        feed_url=request.build_absolute_uri(request.get_full_path()),
        language="en",
    )
    absolute = _absolute(request)
    for entry in entries:
        data = representation.entry_data(entry, absolute)
        feed.add_item(
            title=representation.headline(entry),
            link=data["url"],
            description=data["text"],
            unique_id=data["url"],
            pubdate=_midnight(entry.date),
            updateddate=_midnight(entry.date),
            author_name=data["speaker"]["name"] if data["speaker"] else None,
            categories=[entry.kind],
        )
    response = StreamingHttpResponse(
        [feed.writeString("utf-8")], content_type="application/atom+xml; charset=utf-8"
    )
    return _with_links(response, request, view)


def _view(data, actor: Actor | None = None) -> TimelineView:
    """The timeline view that ``data`` selects, of everything or of what
    ``actor`` said and the events they are in."""
    return TimelineView.build(data, EVERYTHING if actor is None else Scope.of_actor(actor))


def _newest_first(query):
    data = query.copy()
    data["order"] = NEWEST
    data.pop("page", None)
    return data


def _midnight(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@require_safe
@cached_page
def timeline_atom(request):
    return _feed(request, "News timeline", reverse("tracker:timeline"))


@require_safe
@cached_page
def actor_feed(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    return _feed(request, f"{actor.name} · News timeline", actor.get_absolute_url(), actor)


@require_safe
@cached_page
def timeline_timelinejs(request):
    """The view in TimelineJS3's JSON format (the first 1,000 entries)."""
    view = TimelineView.build(request.GET)
    if not view.is_valid:
        return _bad_filters(request, view)
    entries = list(view.stream(limit=TIMELINEJS_ENTRIES))
    data = representation.timelinejs(entries, "News timeline", _absolute(request))
    return _with_links(JsonResponse(data, json_dumps_params={"ensure_ascii": False}), request, view)


# -- actors, articles, figures ----------------------------------------------


ACTORS_PER_PAGE = 100
# Each actor's public claims are counted up to here ("1,000+"): counting the
# hundred thousand claims of the busiest would cost more than the page.
ACTOR_COUNT_CAP = 1000
# What the actor list shows of each actor, read as rows.
ACTOR_LIST_COLUMNS = ("id", "name", "slug", "kind", "description")
# The actor list's statements (its count, its pages), compiled once per
# database, name looked for and page (tracker/rows.py).
ACTOR_LIST_STATEMENTS = Compiled(max_entries=200)


@require_safe
@cached_page
def actor_list(request):
    """Actors by name, a hundred a page, optionally narrowed to those with a
    name containing ``q``; three queries."""
    words = " ".join(request.GET.get("q", "").split())[:MAX_ACTOR_QUERY_CHARS]
    if "\x00" in words:
        return HttpResponse(
            "Bad name: it contains a NUL character.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = CompiledPages(
        partial(_actors_named, words),
        ("actor list", words, ACTOR_COUNT_CAP),
        ACTOR_LIST_STATEMENTS,
        router.db_for_read(Actor),
    )
    page = Paginator(rows, ACTORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": words,
        "count_cap": ACTOR_COUNT_CAP,
        # The table is rendered once per content, like the timeline's entries,
        # and its actors are built from the rows only then.
        "rows_digest": fragments.digest_of_rows(page.object_list, ACTOR_COUNT_CAP),
        "actors": partial(_listed_actors, page.object_list),
    }
    return render(request, "tracker/actor_list.html", context)


def _actors_named(words: str):
    """The actor list's rows, by name: the actors with a name containing
    ``words`` (all with none), each with its public claims counted up to
    ACTOR_COUNT_CAP + 1."""
    actors = Actor.objects.order_by("name", "id").annotate(
        claim_count=RawSQL(
            "SELECT COUNT(*) FROM (SELECT 1 FROM tracker_claim WHERE "
            "tracker_claim.speaker_id = tracker_actor.id AND tracker_claim.status <> %s "
            "LIMIT %s) AS capped",
            [Claim.Status.REJECTED, ACTOR_COUNT_CAP + 1],
        )
    )
    if words:
        actors = actors.filter(pk__in=Alias.objects.filter(name__icontains=words).values("actor"))
    return actors.values_list(*ACTOR_LIST_COLUMNS, "claim_count")


def _listed_actors(rows) -> list[Actor]:
    """The actor list's actors, each with its ``claim_count``, from its rows."""
    using = router.db_for_read(Actor)
    actors = []
    for *values, claim_count in rows:
        actor = Actor.from_db(using, ACTOR_LIST_COLUMNS, values)
        actor.claim_count = claim_count
        actors.append(actor)
    return actors


@require_safe
@cached_page
def actor_names(request):
    """Actors whose names contain ``q``, for the actor picker's search box
    (tracker/picker.py): ``{"actors": [{"slug", "name", "description"}]}``,
    at most twenty, by name."""
    words = " ".join(request.GET.get("q", "").split())[:MAX_ACTOR_QUERY_CHARS]
    if "\x00" in words:
        return JsonResponse({"errors": {"q": ["This value contains a NUL character."]}}, status=400)
    return JsonResponse({"actors": picker.names(words)}, json_dumps_params={"ensure_ascii": False})


@require_safe
@cached_page
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    view = _view(request.GET, actor)
    context, status = _timeline_context(
        request,
        view,
        narrowed={"actor": actor.slug},
        actor=actor,
        aliases=actor.aliases.exclude(name=actor.name),
        companions=_companions(actor),
        figures=_figures_given(actor),
    )
    response = render(request, "tracker/actor_detail.html", context, status=status)
    return _with_alternates(response, request, context["alternates"])


# Who an actor appears with is read from its latest articles only, so that
# the page of an actor quoted in a hundred thousand articles costs what any
# other does.
COMPANION_ARTICLES = 200


def _companions(actor: Actor, limit=8) -> list[Actor]:
    """The actors who speak in most of the same articles, among the actor's
    latest COMPANION_ARTICLES articles: one query."""
    latest = (
        Claim.objects.public()
        .filter(speaker=actor)
        .order_by("-stated_on", "-id")
        .values("article_id")[:COMPANION_ARTICLES]
    )
    rows = (
        Claim.objects.public()
        .filter(article_id__in=latest)
        .exclude(speaker=None)
        .exclude(speaker=actor)
        .values("speaker_id", "speaker__name", "speaker__slug")
        .annotate(shared=Count("article_id", distinct=True))
        .order_by("-shared", "speaker__name")[:limit]
    )
    companions = []
    for row in rows:
        other = Actor(pk=row["speaker_id"], name=row["speaker__name"], slug=row["speaker__slug"])
        other.shared = row["shared"]
        companions.append(other)
    return companions


def _figures_given(actor: Actor, limit=10):
    return (
        Claim.objects.public()
        .figures()
        .filter(speaker=actor)
        .select_related("article")
        .defer("article__body")
        .order_by("-stated_on", "-id")[:limit]
    )


@require_safe
@cached_page
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    # Every claim that appears here, its own or one first reported elsewhere.
    appearances = list(
        article.appearances.exclude(claim__status=Claim.Status.REJECTED)
        .select_related("claim__speaker", "claim__article")
        .defer("claim__article__body")
        .order_by("start")
    )
    claims = [a.claim for a in appearances]
    events = list(article.events.prefetch_related("actors").order_by("start"))
    spans = [
        highlight.Span(a.start, a.end, a.claim.kind, f"claim-{a.claim_id}", str(a.claim))
        for a in appearances
    ] + [highlight.Span(e.start, e.end, "event", f"event-{e.pk}", e.title) for e in events]
    entries = [Entry(c.stated_on, c.stated_precision, claim=c) for c in claims]
    return render(
        request,
        "tracker/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "events": events,
            "paragraphs": highlight.paragraphs(article.body, spans),
            "changes": history.changes(claims),
            "jsonld": representation.jsonld(entries, _absolute(request)),
            "timeline_query": f"article={article.pk}",
        },
    )


@require_safe
@cached_page
def figures(request):
    """Figures that count the same thing, each series as a chart over time
    with its table, and where sources disagree on the same day."""
    view = TimelineView.build(request.GET, FIGURES)
    if not view.is_valid:
        context, _ = _timeline_context(request, view)
        context.update(series=[], hide_kinds=True)
        return render(request, "tracker/figures.html", context, status=400)
    subject = request.GET.get("subject", "")
    claims = view.claims.exclude(figure_subject_key="")
    keys = [subject] if subject else _series_reported_lately(claims)
    # one more than a chart shows, to know whether older ones are left out
    rows = _newest_reports(claims, keys, charts.MAX_POINTS + 1)
    series = [
        charts.series(
            key, rows[key][-charts.MAX_POINTS :], older_left_out=len(rows[key]) > charts.MAX_POINTS
        )
        for key in keys
        if rows.get(key)
    ]
    context = {
        "filter": view.filter,
        "view": view,
        "series": series,
        "subject": subject,
        "actor_options": _actor_options(view),
        "chips": _chips(view),
        "hide_kinds": True,
        "unknown_subject": bool(subject and not rows),
    }
    return render(request, "tracker/figures.html", context)


# Series are ranked by how often the newest figures report them: counting
# every figure ever reported would read hundreds of thousands of rows.
RANKED_FROM_NEWEST = 5_000


def _series_reported_lately(claims) -> list[str]:
    """The keys of the MAX_SERIES series reported most among the view's
    newest RANKED_FROM_NEWEST figures (one query, over the date index)."""
    newest = claims.order_by("-stated_on", "-id").values("pk")[:RANKED_FROM_NEWEST]
    ranked = (
        Claim.objects.filter(pk__in=newest)
        .values("figure_subject_key")
        .annotate(n=Count("id"), last=Max("stated_on"))
        .order_by("-n", "-last", "figure_subject_key")
    )
    return [row["figure_subject_key"] for row in ranked[: charts.MAX_SERIES]]


def _newest_reports(claims, keys: list[str], limit: int) -> dict[str, list]:
    """Each series' ``limit`` newest claims, oldest first, with speaker and
    article: one query (none without keys)."""
    rows = defaultdict(list)
    if not keys:
        return rows
    for claim in (
        claims.filter(pk__in=_latest_of_each(claims, keys, limit))
        .select_related("speaker", "article")
        .defer("article__body")
        .order_by("stated_on", "id")
    ):
        rows[claim.figure_subject_key].append(claim)
    return rows


def _latest_of_each(claims, keys: list[str], limit: int) -> RawSQL:
    """The ids of each series' ``limit`` newest claims (at least one key),
    for ``pk__in``: one indexed walk per series (figure_subject_key,
    stated_on), joined with UNION ALL in one subquery, since SQLite cannot
    slice the parts of a union through the ORM."""
    parts, params = [], []
    for number, key in enumerate(keys):
        newest = claims.filter(figure_subject_key=key).order_by("-stated_on", "-id")
        sql, part_params = newest.values("pk")[:limit].query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS series_{number}")
        params += part_params
    return RawSQL(" UNION ALL ".join(parts), params)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not: for load
    balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
