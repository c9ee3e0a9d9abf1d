"""Words search over claims and events: every word must appear in the claim's
text or quote, a name of its speaker, or its article's title (for events: the
title, description, an actor's name or the article's title)."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

MAX_WORDS = 8


def words_of(query: str) -> list[str]:
    return re.findall(r"\w[\w'’-]*", query)[:MAX_WORDS]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Rows of ``queryset`` (claims or events) that contain every word."""
    from .models import Alias, Event

    for word in words_of(query):
        named = Alias.objects.filter(name__icontains=word).values("actor_id")
        if queryset.model is Event:
            condition = (
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(article__title__icontains=word)
                | Q(
                    pk__in=Event.actors.through.objects.filter(actor_id__in=named).values(
                        "event_id"
                    )
                )
            )
        else:
            condition = (
                Q(text__icontains=word)
                | Q(quote__icontains=word)
                | Q(speaker__in=named)
                | Q(article__title__icontains=word)
            )
        queryset = queryset.filter(condition)
    return queryset
