"""The timeline's FilterSet: the one definition of "a view of the timeline".

The same filter runs over claims and over events (the timeline interleaves
them), so each filter method knows how to narrow either model.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cached_property

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES

from . import search
from .models import Actor, Article, Claim, Event
from .rows import RowsByKey

EVENT = "event"
ENTRY_KINDS = [*Claim.Kind.choices, (EVENT, "event")]
NEWEST, OLDEST = "newest", "oldest"
VERIFIED, ALL = "verified", "all"
MAX_QUERY_CHARS = 200


class DateInput(forms.DateInput):
    input_type = "date"


class ActorsBySlugField(django_filters.fields.ModelMultipleChoiceField):
    """Actors chosen by slug, as a list of Actor instances, read by one query
    compiled once per number of slugs (tracker/rows.py). Django's field
    builds a query for each slug and compiles one for them all on every
    request: 200 µs of a page for one actor on SQLite, against 20 µs. The
    field's queryset is all actors, as this query's."""

    def clean(self, value):
        """No actors chosen gives an empty list, as Django's field gives
        ``queryset.none()``: a filter or template that asks whether any are
        chosen would evaluate that queryset, which compiles a query only to
        find it empty (about 300 µs, on every bound page without actors)."""
        if not self.required and not value:
            return []
        return super().clean(value)

    def _check_values(self, value):
        try:
            slugs = [str(slug) for slug in dict.fromkeys(value)]
        except TypeError:  # a list of lists, say
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for slug in slugs:
            self.validate_no_null_characters(slug)
        using = router.db_for_read(Actor)
        actors = [Actor.from_db(using, _ACTOR_COLUMNS, row) for row in _ACTORS_BY_SLUG.rows(slugs)]
        found = {actor.slug for actor in actors}
        for slug in slugs:
            if slug not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return actors


class ActorsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ActorsBySlugField


_ACTOR_COLUMNS = [field.attname for field in Actor._meta.concrete_fields]
_ACTORS_BY_SLUG = RowsByKey(Actor.objects.values_list(*_ACTOR_COLUMNS), key="slug")


class _SharedFields(dict):
    """A form class's fields, given to each form as they are: a Django form
    deep-copies its class's fields, widgets, choices and querysets, in case
    the form changes them (140 µs of the 180 µs of making a timeline's
    form). No timeline form changes its fields: validating only reads them,
    and the filter form's widgets are rendered once per view and kept."""

    def __deepcopy__(self, memo):
        return dict(self)


class TimelineForm(forms.Form):
    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            raise ValidationError("The start date is after the end date.")
        return data


class TimelineFilter(django_filters.FilterSet):
    actor = ActorsFilter(
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method="filter_actor",
        label="Actors",
        help_text="Entries by or about any of these actors.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ENTRY_KINDS,
        method="filter_kind",
        widget=forms.CheckboxSelectMultiple,
        label="Kind",
    )
    date_after = django_filters.DateFilter(
        method="filter_date_after", label="From", widget=DateInput
    )
    date_before = django_filters.DateFilter(
        method="filter_date_before", label="Until", widget=DateInput
    )
    status = django_filters.ChoiceFilter(
        choices=[(ALL, "Everything not rejected"), (VERIFIED, "Verified by an editor")],
        method="filter_status",
        empty_label=None,
        label="Status",
    )
    q = django_filters.CharFilter(
        method="filter_words",
        label="Words",
        max_length=MAX_QUERY_CHARS,
        help_text="Words in the claim, the quote, the actor's names or the article title.",
    )
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.only("id", "title"),
        method="filter_article",
        label="Article",
        widget=forms.HiddenInput,
    )
    order = django_filters.ChoiceFilter(
        choices=[(OLDEST, "Oldest first"), (NEWEST, "Newest first")],
        method="keep",
        empty_label=None,
        label="Order",
    )

    class Meta:
        model = Claim
        fields = []
        form = TimelineForm

    # How filter_words() builds its condition: "indexed" (the plain form),
    # "row_by_row" while building the claims read a page at a time in date
    # order, "own_words" (or "own_words_by_date") while building a part of
    # the view to estimate or count first, or to bound a page (see
    # claims_in_date_order() and own_words()).
    words_form = "indexed"
    # SQLite, "row_by_row": each word's matches a page can reach
    # (search.reach_of_page), or None for all of them.
    words_reach = None

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """As django-filter's, except that the filters are copied for this
        FilterSet only when something reads ``filters``: filter_queryset()
        calls the methods below without them, and copying eight filters
        with their fields' arguments cost a timeline page 135 µs."""
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self._queryset = queryset
        self.request = request
        self.form_prefix = prefix

    @cached_property
    def queryset(self):
        """What ``qs`` filters: the model's rows unless given (the timeline
        passes its querysets to each method instead, see TimelineView)."""
        return self._meta.model._default_manager.all() if self._queryset is None else self._queryset

    @cached_property
    def filters(self) -> dict:
        filters = copy.deepcopy(self.base_filters)
        for filter_ in filters.values():
            filter_.model = self._meta.model
            filter_.parent = self
        return filters

    def filter_queryset(self, queryset):
        """Each value of the validated form through its filter's method, as
        django-filter does (an empty value leaves the queryset as it is),
        without copying the filters to find the method."""
        for name, value in self.form.cleaned_data.items():
            if value in EMPTY_VALUES:
                continue
            declared = self.base_filters[name]
            if declared.method is None:  # a plain lookup: the filter applies it
                queryset = self.filters[name].filter(queryset, value)
            else:
                queryset = getattr(self, declared.method)(queryset, declared.field_name, value)
        return queryset

    def get_form_class(self):
        """The form class, made once: django-filter makes a new class with new
        fields for every FilterSet, which cost a timeline page a tenth of a
        millisecond; none of these fields depends on the request. The form
        made from it copies its fields, as every Django form does."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            # A date picker cannot produce anything else; say so for typed URLs.
            for name in ("date_after", "date_before"):
                form_class.base_fields[name].error_messages["invalid"] = (
                    "Enter a date as YYYY-MM-DD."
                )
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class

    # Each method narrows a Claim or an Event queryset.

    def filter_actor(self, queryset, name, actors):
        if not actors:
            return queryset
        if queryset.model is Event:
            # IN rather than a join: no duplicates to remove with DISTINCT,
            # which made counting compare every column of every row.
            return queryset.filter(pk__in=Event.ids_linked_to(actors))
        return queryset.filter(speaker__in=actors)

    def filter_kind(self, queryset, name, kinds):
        if not kinds:
            return queryset
        if queryset.model is Event:
            return queryset if EVENT in kinds else queryset.none()
        claim_kinds = [k for k in kinds if k != EVENT]
        return queryset.filter(kind__in=claim_kinds) if claim_kinds else queryset.none()

    def filter_status(self, queryset, name, value):
        if value != VERIFIED:
            return queryset
        if queryset.model is Event:
            return queryset.none()  # events are not reviewed one by one
        return queryset.verified()

    def filter_words(self, queryset, name, value):
        if not value.strip():
            return queryset
        if self.words_form in ("own_words", "own_words_by_date"):
            by_date = self.words_form == "own_words_by_date"
            return search.own_words(queryset, value, by_date=by_date)
        if self.words_form == "row_by_row":
            return search.matching(queryset, value, row_by_row=True, reach=self.words_reach)
        return search.matching(queryset, self.weighed_words.query)

    def filter_article(self, queryset, name, article):
        if article is None:
            return queryset
        if queryset.model is Event:
            return queryset.filter(articles=article)
        return queryset.filter(appearances__article=article)

    def filter_date_after(self, queryset, name, value):
        return queryset.between(start=value)

    def filter_date_before(self, queryset, name, value):
        return queryset.between(end=value)

    def keep(self, queryset, name, value):
        return queryset

    # What the views need besides the querysets.

    def signature(self) -> tuple | None:
        """The validated values as plain, hashable data (a chosen actor or
        article by its id): everything the filter methods build from, so
        that two filters with equal signatures build the same queries over
        the same querysets (once they agree on ``weighed_words``). None
        for a form that is not valid, or holds a value of another type."""
        if not self.is_bound:
            return ()
        if not self.is_valid():
            return None
        values = []
        for name, value in sorted(self.form.cleaned_data.items()):
            plain = _plain(value)
            if plain is _UNSIGNABLE:
                return None
            values.append((name, plain))
        return tuple(values)

    @property
    def newest_first(self) -> bool:
        return self.is_valid() and self.form.cleaned_data.get("order") == NEWEST

    @cached_property
    def weighed_words(self) -> search.Weighed:
        """The view's words in the order to search for them, and whether they
        are common (tracker/search.py): a query the first time it is asked
        for a view with words."""
        words = self.form.cleaned_data.get("q") if self.is_bound and self.is_valid() else ""
        return search.weigh(words or "")

    @property
    def words_are_common(self) -> bool:
        return self.weighed_words.common

    @cached_property
    def words_are_common_in_events(self) -> bool:
        """Whether the view's words are common among events too
        (tracker/search.py): asked only when they are among claims."""
        if not self.words_are_common:
            return False
        return search.words_are_common_in_events(self.form.cleaned_data["q"])

    def claims(self, queryset):
        """The view over ``queryset`` (claims), as ``qs`` is over the
        FilterSet's own queryset."""
        return self.filter_queryset(queryset) if self.is_bound else queryset

    def claims_in_date_order(self, queryset, reach: dict | None = None):
        """The same view over claims, built to be read in date order a page
        at a time: the same rows as ``claims()``, but a common word is tested
        claim by claim rather than looked up (see tracker/search.py), against
        the matches a page can ``reach`` if given (SQLite; see
        search.reach_of_page)."""
        if not self.words_are_common:
            return self.claims(queryset)
        return self._filtered(queryset, "row_by_row", reach)

    def own_words(self, queryset, *, by_date: bool = False):
        """The same view over ``queryset`` (claims or events) with the words
        looked for in the rows' own text only (tracker.search.own_words):
        part of the view's rows, quick to estimate or to count, or
        ``by_date``, to read in date order (SQLite)."""
        return self._filtered(queryset, "own_words_by_date" if by_date else "own_words")

    def _filtered(self, queryset, words_form: str, reach=None):
        self.words_form, self.words_reach = words_form, reach
        try:
            return self.filter_queryset(queryset)
        finally:
            self.words_form, self.words_reach = "indexed", None

    def events(self, queryset=None):
        """The same view over events, from this filter's validated form."""
        events = queryset if queryset is not None else Event.objects.all()
        return self.filter_queryset(events) if self.is_bound else events

    def events_in_date_order(self, queryset):
        """The same view over events, built to be read in date order like
        claims_in_date_order(), when the words are common among them too."""
        if not self.words_are_common_in_events:
            return self.events(queryset)
        return self._filtered(queryset, "row_by_row")


_UNSIGNABLE = object()


def _plain(value):
    """A cleaned value as hashable data: a model instance by its model and
    id, a list as a tuple; _UNSIGNABLE for anything else (a queryset)."""
    if value is None or isinstance(value, str | int | dt.date):
        return value
    if isinstance(value, Actor | Article):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        items = tuple(_plain(item) for item in value)
        return _UNSIGNABLE if _UNSIGNABLE in items else items
    return _UNSIGNABLE
