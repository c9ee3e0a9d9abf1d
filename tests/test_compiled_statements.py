"""A view's statements (its page's keys, its count, its months) are compiled
once and kept by everything they are made from (tracker.timeline.STATEMENTS):
kept, they must run exactly what compiling them again would, and anything
that changes them must change their key."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim, make_event, shares
from tracker import search, timeline
from tracker.filters import TimelineFilter
from tracker.rows import Compiled, forget_compiled
from tracker.timeline import STATEMENTS, Scope, TimelineView

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """Two speakers over a few months, events with and without them."""
    first, second = make_actor("Anna Osei"), make_actor("Omar Haddad")
    article = make_article(title="Ceasefire talks resume")
    for day in range(1, 40, 3):
        make_claim(
            article,
            first if day % 2 else second,
            text=f"Talks on day {day}.",
            stated_on=dt.date(2024, 1, 1) + dt.timedelta(days=day),
        )
    make_claim(article, first, kind="figure", text="27,000 were killed.", figure_value=27000)
    make_event(article, [first], occurred_on=dt.date(2024, 1, 20))
    make_event(article, [], occurred_on=dt.date(2024, 2, 3))
    return first, second


def statements_of(query: str, scope: Scope = timeline.EVERYTHING) -> list[tuple]:
    """The SQL and parameters a view's window, count and months run."""
    view = TimelineView.build(QueryDict(query), scope)
    with CaptureQueriesContext(connection) as ran:
        window = view.window(QueryDict(query).get("after"), QueryDict(query).get("before"), 3)
        view.count()
        view.monthly_counts()
    return [q["sql"] for q in ran.captured_queries], [e.pk for e in window.entries]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "after=2024-01-10~claim~1",
        "before=2024-01-20~event~1",
        "order=newest",
        "actor=anna-osei",
        "actor=anna-osei&actor=omar-haddad&kind=event",
        "kind=figure",
        "kind=event",
        "status=verified",
        "date_after=2024-01-05&date_before=2024-01-31",
        "q=talks",
        "q=ceasefire&order=newest",
    ],
)
def test_kept_statements_run_what_compiling_them_again_would(cast, query):
    STATEMENTS.clear()
    compiled = statements_of(query)
    assert len(STATEMENTS) > 0
    kept = statements_of(query)
    STATEMENTS.clear()
    assert kept == compiled == statements_of(query)


def test_an_actors_view_keeps_its_statements_apart_from_the_whole_timelines(cast):
    first, second = cast
    whole = TimelineView.build(QueryDict(""))
    anna = TimelineView.build(QueryDict(""), Scope.of_actor(first))
    omar = TimelineView.build(QueryDict(""), Scope.of_actor(second))
    counts = [view.count().value for view in (whole, anna, omar)]
    assert counts == [
        timeline.Claim.objects.public().count() + timeline.Event.objects.count(),
        first.claims.count() + first.events.count(),
        second.claims.count(),
    ]


def test_a_slug_that_names_another_actor_gets_that_actors_entries(cast):
    first, second = cast
    before = TimelineView.build(QueryDict("actor=anna-osei")).count().value
    first.slug, second.slug = "anna-osei-old", "anna-osei"
    first.save(update_fields=["slug"])
    second.save(update_fields=["slug"])
    after = TimelineView.build(QueryDict("actor=anna-osei")).count().value
    assert (before, after) == (first.claims.count() + 1, second.claims.count())


def test_words_that_become_common_are_read_in_the_other_form(cast, monkeypatch):
    monkeypatch.setattr(search, "shares_of_claims", shares(0.0))
    rare, rare_entries = statements_of("q=talks")
    monkeypatch.setattr(search, "shares_of_claims", shares(1.0))
    common, common_entries = statements_of("q=talks")
    assert rare != common  # looked up in the index, then tested row by row
    assert rare_entries == common_entries


def test_a_changed_count_cap_is_a_changed_statement(cast, monkeypatch):
    assert TimelineView.build(QueryDict("")).count().exact
    monkeypatch.setattr(timeline, "COUNT_CAP", 5)
    count = TimelineView.build(QueryDict("")).count()
    assert (count.value, count.exact) == (5, False)


def test_a_view_with_kept_statements_builds_no_querysets(cast):
    made = []
    scope = Scope(
        ("counted",),
        lambda: made.append("claims") or timeline.Claim.objects.public(),
        lambda: made.append("events") or timeline.Event.objects.all(),
    )
    first = TimelineView.build(QueryDict("actor=anna-osei"), scope)
    first.window(size=3), first.count(), first.monthly_counts()
    assert sorted(made) == ["claims", "events"]
    made.clear()
    again = TimelineView.build(QueryDict("actor=anna-osei"), scope)
    again.window(size=3), again.count(), again.monthly_counts()
    assert made == []


def test_a_view_that_is_not_valid_has_no_statements_key(cast):
    view = TimelineView.build(QueryDict("date_after=someday"))
    assert not view.is_valid and view.statements_key is None


def test_the_signature_names_chosen_actors_by_id(cast):
    first, _ = cast
    timeline_filter = TimelineFilter(QueryDict("actor=anna-osei&order=newest"))
    signature = dict(timeline_filter.signature())
    assert signature["actor"] == ((("tracker.Actor", first.pk),))
    assert signature["order"] == "newest"
    assert TimelineFilter(None).signature() == ()
    assert TimelineFilter(QueryDict("actor=nobody")).signature() is None


def test_no_actors_chosen_is_an_empty_list_not_a_queryset_to_evaluate(cast):
    timeline_filter = TimelineFilter(QueryDict("order=newest"))
    assert timeline_filter.is_valid()
    assert timeline_filter.form.cleaned_data["actor"] == []


def test_kept_statements_are_the_most_recently_used(cast):
    kept = Compiled(max_entries=2)
    made = []

    def make(value):
        return lambda: made.append(value) or value

    assert kept.get("a", make(1)) == 1
    assert kept.get("b", make(2)) == 2
    assert kept.get("a", make(9)) == 1  # kept, and now the most recent
    assert kept.get("c", make(3)) == 3  # "b" goes
    assert kept.get("b", make(4)) == 4
    assert kept.get("none", make(None)) is None
    assert kept.get("none", make(5)) is None  # None is kept like any value
    assert made == [1, 2, 3, 4, None]


def test_a_new_process_is_imitated_by_forgetting_every_compiled_query(cast):
    from tracker.timeline import _CLAIMS_SHOWN

    TimelineView.build(QueryDict("")).window(size=3)
    assert len(STATEMENTS) > 0 and _CLAIMS_SHOWN._plans
    forget_compiled()
    assert len(STATEMENTS) == 0 and not _CLAIMS_SHOWN._plans
