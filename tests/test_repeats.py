"""Repeats across articles: a statement quoted again is another appearance of
the same claim; an event reported again gains an article; figures that count
the same thing share a subject key."""

import datetime as dt

import pytest

from tracker.extraction import Document, extract
from tracker.extraction.repeats import same_event, same_statement, subject_key
from tracker.ingest import store
from tracker.models import Appearance, Claim, Event


def test_quotes_match_across_quotation_marks_and_small_edits():
    assert same_statement("There’s a lot of work to be done", "There's a lot of work to be done")
    assert same_statement(
        "We are very much focused on doing that work, and we will keep at it",
        "we are very much focused on doing that work and will keep at it",
    )
    assert not same_statement("The talks have failed", "The talks will resume on Monday")


def test_a_long_quote_contains_a_shorter_quotation_of_it():
    long = "There is a lot of work to be done, but we are very much focused on doing that work"
    assert same_statement(long, "we are very much focused on doing that work")


def test_event_titles_on_one_date_match_by_their_words():
    assert same_event("Hamas’s October 7 attack", "the October 7 attack by Hamas")
    assert not same_event("Hamas’s October 7 attack", "Elections in Taiwan")


def test_figure_subjects_share_a_key_across_variants():
    assert subject_key("Palestinians killed") == subject_key("palestinian killed")
    assert subject_key("people killed") == "person killed"


ARTICLE = (
    "Antony Blinken said the talks in Cairo had been useful.\n\n"
    "“There’s a lot of work to be done, but we are very much focused on doing that work,” "
    "Mr Blinken told reporters.\n\n"
    "Hamas’s October 7 attack killed some 1,200 people."
)
COPY = ARTICLE.replace("“", '"').replace("”", '"') + "\n\nThis story first ran elsewhere."


def stored(body, day):
    return store(extract(Document(published_on=day, body=body, source_name=f"{day}.txt"))).article


@pytest.mark.django_db
def test_a_republished_statement_is_another_appearance_of_the_same_claim():
    first = stored(ARTICLE, dt.date(2024, 2, 7))
    second = stored(COPY, dt.date(2024, 2, 8))
    quote = Claim.objects.get(kind="quote")
    assert quote.article == first
    assert set(quote.appearances.values_list("article", flat=True)) == {first.pk, second.pk}
    assert Claim.objects.filter(kind="quote").count() == 1
    # the copy's page still anchors the claim at its own offsets
    appearance = Appearance.objects.get(claim=quote, article=second)
    assert second.body[appearance.start : appearance.end].startswith("There’s a lot of work")
    assert second.body[appearance.start - 1] == '"'  # inside the straight quotation mark


@pytest.mark.django_db
def test_an_earlier_article_becomes_the_claims_own_unless_an_editor_touched_it():
    later = stored(COPY, dt.date(2024, 2, 8))
    earlier = stored(ARTICLE, dt.date(2024, 2, 6))
    quote = Claim.objects.get(kind="quote")
    assert quote.article == earlier
    assert quote.stated_on == dt.date(2024, 2, 6)
    assert set(quote.appearances.values_list("article", flat=True)) == {later.pk, earlier.pk}


@pytest.mark.django_db
def test_a_verified_claim_keeps_its_article_when_an_earlier_copy_arrives():
    later = stored(COPY, dt.date(2024, 2, 8))
    Claim.objects.filter(kind="quote").update(status=Claim.Status.VERIFIED)
    stored(ARTICLE, dt.date(2024, 2, 6))
    assert Claim.objects.get(kind="quote").article == later


@pytest.mark.django_db
def test_an_event_reported_again_gains_the_article():
    first = stored(ARTICLE, dt.date(2024, 2, 7))
    second = stored(COPY, dt.date(2024, 2, 8))
    event = Event.objects.get()
    assert set(event.articles.all()) == {first, second}


@pytest.mark.django_db
def test_the_same_words_from_another_speaker_are_another_claim():
    stored("Antony Blinken said: “We are making progress on the deal.”", dt.date(2024, 2, 7))
    stored("Joe Biden said: “We are making progress on the deal.”", dt.date(2024, 2, 7))
    assert Claim.objects.filter(kind="quote").count() == 2


def test_statements_that_differ_in_a_number_are_different():
    assert not same_statement("Blinken said round 3 went well.", "Blinken said round 5 went well.")
    assert not same_statement("The toll rose to 27,000 people", "The toll rose to 28,000 people")


def test_short_statements_must_match_word_for_word():
    assert not same_statement("We will win.", "We will not win.")
    assert same_statement("We will win.", "we will win")
