"""Public pages: thin views over querysets and the timeline FilterSet."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from . import highlight
from .filters import TimelineFilter
from .models import Actor, Article, Claim, Event
from .timeline import group_by_month_and_day, timeline_page


def _timeline_context(request, claims, events, **extra):
    """Filter, paginate and group one view of the timeline. A bad filter value
    gives the form's message and a 400, never a server error."""
    timeline_filter = TimelineFilter(request.GET or None, queryset=claims)
    status = 200
    if timeline_filter.is_bound and not timeline_filter.is_valid():
        status = 400
        page, entries = None, []
    else:
        page, entries = timeline_page(
            timeline_filter.qs,
            timeline_filter.events(events),
            page_number=request.GET.get("page", 1),
            per_page=settings.TIMELINE_PAGE_SIZE,
            newest_first=timeline_filter.newest_first,
        )
    context = {
        "filter": timeline_filter,
        "page": page,
        "months": group_by_month_and_day(entries),
        "entry_count": page.paginator.count if page else 0,
        **extra,
    }
    return context, status


def timeline(request):
    context, status = _timeline_context(request, Claim.objects.public(), Event.objects.all())
    return render(request, "tracker/timeline.html", context, status=status)


def actor_list(request):
    actors = Actor.objects.annotate(
        claim_count=Count("claims", filter=~Q(claims__status=Claim.Status.REJECTED))
    ).order_by("-claim_count", "name")
    return render(request, "tracker/actor_list.html", {"actors": actors})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    context, status = _timeline_context(
        request,
        Claim.objects.public().filter(speaker=actor),
        Event.objects.filter(actors=actor),
        actor=actor,
        aliases=actor.aliases.exclude(name=actor.name),
    )
    return render(request, "tracker/actor_detail.html", context, status=status)


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    claims = list(article.claims.public().select_related("speaker").order_by("start"))
    events = list(article.events.prefetch_related("actors").order_by("start"))
    spans = [highlight.Span(c.start, c.end, c.kind, f"claim-{c.pk}", str(c)) for c in claims] + [
        highlight.Span(e.start, e.end, "event", f"event-{e.pk}", e.title) for e in events
    ]
    return render(
        request,
        "tracker/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "events": events,
            "paragraphs": highlight.paragraphs(article.body, spans),
        },
    )
