"""Articles, the actors they name, the claims made in them and the events they
date. Every offset (``start``, ``end``) points into ``Article.body``."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from tracker.extraction.gazetteer import fold
from tracker.extraction.repeats import subject_key


@functools.lru_cache(maxsize=100_000)
def _cached_path(prefix: str, viewname: str, arg) -> str:
    return reverse(viewname, args=[arg])


def path_of(viewname: str, arg) -> str:
    """``reverse(viewname, args=[arg])``, remembered: a timeline page links
    each entry, its speaker and its article several times, and reversing
    took a quarter of the time of making the page. Keyed by the script
    prefix, which can differ per request."""
    return _cached_path(get_script_prefix(), viewname, arg)


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class Article(models.Model):
    title = models.CharField(max_length=300)
    published_on = models.DateField()
    body = models.TextField()
    source_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField("content hash", max_length=64, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            # Seeding the same text twice stores it once.
            models.UniqueConstraint(fields=["sha256"], name="article_unique_content"),
        ]
        indexes = [
            # The admin's date hierarchy and "newest articles first".
            models.Index(fields=["published_on", "id"], name="article_published"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return path_of("tracker:article", self.pk)


class ActorQuerySet(models.QuerySet):
    def named(self, name: str):
        """Actors that have ``name`` among their surface forms (case, accents,
        punctuation and a leading "the" ignored)."""
        return self.filter(aliases__key=fold(name)).distinct()


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"
        COUNTRY = "country", "country"
        GROUP = "group", "group"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(
        max_length=300, blank=True, help_text='Role, e.g. "US secretary of state".'
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created"])

    class Meta:
        ordering = ["name", "id"]
        permissions = [("merge_actor", "Can merge actors")]
        indexes = [
            # The actor list and the picker, by name.
            models.Index(fields=["name", "id"], name="actor_by_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_of("tracker:actor", self.slug)


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "actor"
    slug, number = base, 1
    while Actor.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class Alias(models.Model):
    """A surface form of an actor ("Mr Blinken", "US"). Its folded key is
    unique: one form names one actor, so later articles map to it."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["key"], name="alias_unique_key"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = self.key_of(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def key_of(name: str) -> str:
        return fold(name)


# What a timeline entry shows of each model, in its partial and in every
# export: tracker.timeline.load_entries() reads these columns and nothing
# else (any other field of an entry's instances costs a query each).
SHOWN_ARTICLE_FIELDS = ("title", "published_on")
SHOWN_ACTOR_FIELDS = ("name", "slug", "kind", "description")
SHOWN_CLAIM_FIELDS = (
    "article", "speaker", "kind", "attribution", "text", "quote", "stated_on",
    "stated_precision", "figure_value", "figure_qualifier", "figure_unit", "figure_subject",
    "figure_subject_key", "status",
)  # fmt: skip
SHOWN_EVENT_FIELDS = ("title", "occurred_on", "precision", "description", "article")


class ClaimQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: everything an editor has not rejected."""
        return self.exclude(status=Claim.Status.REJECTED)

    def verified(self):
        return self.filter(status=Claim.Status.VERIFIED)

    def by(self, *actors):
        return self.filter(speaker__in=actors)

    def between(self, start=None, end=None):
        if start:
            self = self.filter(stated_on__gte=start)
        if end:
            self = self.filter(stated_on__lte=end)
        return self

    def figures(self):
        return self.filter(kind=Claim.Kind.FIGURE)

    def statements(self):
        return self.exclude(kind=Claim.Kind.FIGURE)


class Claim(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", "quote"
        REPORTED = "reported", "reported speech"
        FIGURE = "figure", "figure"

    class Status(models.TextChoices):
        EXTRACTED = "extracted", "extracted (not reviewed)"
        VERIFIED = "verified", "verified"
        DISPUTED = "disputed", "disputed"
        REJECTED = "rejected", "rejected"

    class Attribution(models.TextChoices):
        DIRECT = "direct", "said directly"
        REPORTED = "reported", "reported"
        ACCORDING_TO = "according_to", "according to"
        NONE = "none", "stated by the article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    attribution = models.CharField(
        max_length=20, choices=Attribution.choices, default=Attribution.DIRECT
    )
    text = models.TextField(help_text="The sentence the claim was found in.")
    quote = models.TextField(blank=True, help_text="The exact quoted words, if any.")
    start = models.PositiveIntegerField(help_text="Where the claim starts in the article body.")
    end = models.PositiveIntegerField(help_text="Where the claim ends (exclusive).")
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    stated_on = models.DateField()
    stated_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    # The article's date, copied here so the review queue can list the newest
    # articles' claims first from one index, without a join.
    article_published_on = models.DateField(null=True, editable=False)
    figure_value = models.FloatField(null=True, blank=True)
    figure_qualifier = models.CharField(max_length=60, blank=True)
    figure_unit = models.CharField(max_length=60, blank=True)
    figure_subject = models.CharField(
        max_length=200, blank=True, help_text='What is counted, e.g. "Palestinians killed".'
    )
    # The subject in a form its variants share, so a figure can be followed
    # over time ("Palestinians killed" and "Palestinian killed" are one series).
    figure_subject_key = models.CharField(max_length=200, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXTRACTED)
    editor_note = models.TextField(blank=True)
    event = models.ForeignKey(
        "Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The event the claim is about, if any.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when an editor changes anything: re-extraction never touches such a claim.
    edited = models.BooleanField(default=False, editable=False)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "created"])

    class Meta:
        ordering = ["stated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"
            ),
        ]
        indexes = [
            # The timeline: public claims in date order.
            models.Index(fields=["stated_on", "id"], name="claim_timeline"),
            # An actor's page and the timeline filtered by actor, in date
            # order; with the status, a busy speaker's public claims are
            # counted from the index alone.
            models.Index(fields=["speaker", "stated_on", "id", "status"], name="claim_by_speaker"),
            # The article page lists its claims in text order.
            models.Index(fields=["article", "start"], name="claim_in_article"),
            # The editors' review queue: unreviewed claims, newest articles first.
            models.Index(
                fields=["status", "-article_published_on", "-article_id", "start"],
                name="claim_review_queue",
            ),
            # Figures followed over time: one series per subject.
            models.Index(fields=["figure_subject_key", "stated_on"], name="claim_figure_series"),
            # Whether claims found by their ids are public, from the index alone:
            # SQLite counts a common word's matches through it, one claim per
            # match in FTS5's list (10,001 in 9.2 ms, 16.0 ms from the rows).
            models.Index(fields=["id", "status"], name="claim_status_by_id"),
        ]

    def __str__(self):
        words = (self.quote or self.text).split()
        short = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        who = self.speaker.name if self.speaker_id else "the article"
        return f"{who}: {short}"

    def save(self, *args, **kwargs):
        """Also records the claim's appearance in its own article (one more
        query when the claim is new); bulk ingest writes those itself."""
        self.figure_subject_key = subject_key(self.figure_subject)
        self.article_published_on = self.article.published_on
        created = self._state.adding
        super().save(*args, **kwargs)
        if created:
            Appearance.objects.get_or_create(
                claim=self, article=self.article, defaults={"start": self.start, "end": self.end}
            )

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#claim-{self.pk}"

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED

    @property
    def is_touched(self) -> bool:
        """Whether an editor has reviewed or changed it."""
        return self.edited or self.status != self.Status.EXTRACTED

    @property
    def sentence(self) -> str:
        """The claim's words as they stand in the article body."""
        return self.article.body[self.start : self.end]


class Appearance(models.Model):
    """One article in which a claim appears. A statement quoted by several
    outlets is one claim with several appearances; its own article is the
    earliest of them."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["article__published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "article"], name="appearance_once_per_article"
            ),
        ]
        indexes = [
            # An article page lists what appears in it in reading order.
            models.Index(fields=["article", "start"], name="appearance_in_article"),
        ]

    def __str__(self):
        return f"{self.claim} in {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#claim-{self.claim_id}"


class EventQuerySet(models.QuerySet):
    def between(self, start=None, end=None):
        if start:
            self = self.filter(occurred_on__gte=start)
        if end:
            self = self.filter(occurred_on__lte=end)
        return self


class Event(models.Model):
    title = models.CharField(max_length=300)
    occurred_on = models.DateField()
    precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    description = models.TextField(blank=True)
    actors = models.ManyToManyField(Actor, blank=True, related_name="events")
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="events",
        help_text="The article the event was found in.",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="mentioned_events",
        help_text="Every article that mentions it.",
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created"])

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_span_not_empty"
            ),
        ]
        indexes = [
            # The timeline interleaves events by date.
            models.Index(fields=["occurred_on", "id"], name="event_timeline"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#event-{self.pk}"

    @classmethod
    def ids_linked_to(cls, actors) -> models.QuerySet:
        """Ids of the events linked to any of ``actors`` (actors, or a
        queryset of actor ids), as a subquery: ``pk__in`` it rather than
        join, so that no event comes twice."""
        return cls.actors.through.objects.filter(actor__in=actors).values("event_id")


class Revision(models.Model):
    """One row counting changes to what readers see: rendered pages are
    cached under its number (see tracker/revision.py)."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"revision {self.number}"
