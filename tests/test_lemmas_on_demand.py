"""The tracker's pipeline does not run spaCy's lemmatizer over every token;
the finders ask for the lemmas they read (``lemma_of``), and get what the
lemmatizer would have given them."""

import pytest

from tracker.extraction.nlp import lemma_of, load_pipeline, parse

OWN_TEXT = (
    "The ministers were meeting again on Tuesday. Officials said 12 people had been killed "
    "and dozens wounded; the mayor told reporters that talks are going to resume. "
    '"We won\'t stop," she says, urging the sides to agree. Geese flew over the ruined houses.'
)


@pytest.fixture
def own_text():
    return OWN_TEXT


def test_the_pipeline_leaves_the_lemmatizer_out_of_its_run():
    nlp = load_pipeline()
    assert "lemmatizer" not in nlp.pipe_names
    officials, said, *_ = nlp("Officials said it.")
    assert (officials.lemma, said.lemma) == (0, 0)


def test_every_lemma_asked_for_is_the_lemmatizers(text, published_pipeline):
    ours = parse(text)
    theirs = published_pipeline(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [lemma_of(token) for token in ours] == [token.lemma_ for token in theirs]


def test_a_lemma_is_worked_out_once_and_kept_on_the_token():
    talking = parse("The sides were talking.")[3]
    assert talking.lemma == 0
    assert lemma_of(talking) == "talk"
    assert talking.lemma_ == "talk"


def test_a_lemma_set_by_the_attribute_ruler_is_kept():
    were = parse("The sides were talking.")[2]
    assert were.lemma_ == "be"  # the English pipeline's ruler sets forms of "be"
    assert lemma_of(were) == "be"
