"""Seeding's bulk inserts write what Django's bulk_create and simple_history's
bulk_create_with_history write: the same rows, keys and first history
records."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from tests.conftest import make_actor, make_article
from tracker.bulk import insert, insert_history
from tracker.models import Appearance, Claim

pytestmark = pytest.mark.django_db


def new_claims(article, speaker, label):
    return [
        Claim(
            article=article,
            speaker=speaker if n % 2 else None,
            kind="quote" if n % 2 else "figure",
            text=f"{label}: the ceasefire must hold ({n}).",
            quote="the ceasefire must hold" if n % 2 else "",
            start=n * 10,
            end=n * 10 + 9,
            stated_on=dt.date(2024, 2, 7),
            figure_value=None if n % 2 else 27_000.5,
            figure_unit="" if n % 2 else "people",
        )
        for n in range(5)
    ]


def without(record: dict, *names) -> dict:
    return {key: value for key, value in record.items() if key not in names}


def test_it_writes_the_rows_and_history_bulk_create_with_history_writes():
    article, speaker = make_article(), make_actor("Antony Blinken")
    theirs = bulk_create_with_history(new_claims(article, speaker, "same"), Claim)
    ours = new_claims(article, speaker, "same")
    insert(Claim, ours)
    insert_history(Claim, ours)

    assert all(claim.pk and not claim._state.adding for claim in ours)
    for mine, reference in zip(ours, theirs, strict=True):
        stored = Claim.objects.get(pk=mine.pk)
        assert without(model_to_dict(stored), "id") == without(
            model_to_dict(Claim.objects.get(pk=reference.pk)), "id"
        )
        (history,) = stored.history.all()
        (reference_history,) = Claim.objects.get(pk=reference.pk).history.all()
        fields = ("history_id", "history_date", "id")
        assert without(model_to_dict(history), *fields) == without(
            model_to_dict(reference_history), *fields
        )
        assert history.history_type == "+" and history.history_user is None


def test_an_appearance_takes_the_key_of_a_claim_inserted_after_it_was_made():
    article = make_article()
    claims = new_claims(article, None, "appearing")
    appearances = [Appearance(claim=c, article=article, start=c.start, end=c.end) for c in claims]
    insert(Claim, claims)
    insert(Appearance, appearances)
    assert sorted(Appearance.objects.values_list("claim_id", flat=True)) == sorted(
        c.pk for c in claims
    )


def test_the_history_names_the_editor_of_the_request_in_progress():
    editor = get_user_model().objects.create_user("editor")
    claims = new_claims(make_article(), None, "pasted")
    insert(Claim, claims)
    HistoricalRecords.context.request = SimpleNamespace(user=editor)
    try:
        insert_history(Claim, claims)
    finally:
        del HistoricalRecords.context.request
    assert {c.history.get().history_user for c in claims} == {editor}


def test_nothing_to_insert_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert(Claim, [])
        insert_history(Claim, [])


def test_a_value_not_of_its_fields_type_is_still_prepared_by_the_field():
    from django.utils.functional import lazy

    article = make_article()
    (claim,) = new_claims(article, None, "odd")[:1]
    claim.text = 12345  # an int given to a text field
    claim.quote = lazy(lambda: "a lazy string", str)()
    claim.start = True  # a bool, not an int
    insert(Claim, [claim])
    stored = Claim.objects.values("text", "quote", "start").get(pk=claim.pk)
    assert stored == {"text": "12345", "quote": "a lazy string", "start": 1}


def test_a_column_with_one_value_of_another_type_is_prepared_whole():
    # PostgreSQL takes a column as one array, which must hold one type
    claims = new_claims(make_article(), None, "mixed")
    claims[0].start = True
    claims[1].text = 7
    insert(Claim, claims)
    assert Claim.objects.get(pk=claims[0].pk).start == 1
    assert Claim.objects.get(pk=claims[1].pk).text == "7"
    assert Claim.objects.get(pk=claims[2].pk).text == claims[2].text


def test_text_with_tabs_newlines_and_backslashes_is_stored_as_it_was():
    article = make_article()
    text = 'He said:\t"no"\nthen \\N, a back\\slash, “quotes”, émigré and 100%'
    claim = Claim(
        article=article,
        kind="quote",
        text=text,
        quote=text,
        start=0,
        end=9,
        stated_on=dt.date(2024, 2, 7),
    )

    insert(Claim, [claim])

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.quote, stored.figure_value) == (text, text, None)
