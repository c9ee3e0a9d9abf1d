"""The tracker's pipeline finds the attribute ruler's matches by lookup
(``tracker/extraction/attribute_rules.py``) and must find exactly what
spaCy's Matcher finds, so that every token gets the same tag, part of
speech, morphology and lemma."""

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from tracker.extraction.attribute_rules import RuleIndex, index_attribute_ruler
from tracker.extraction.nlp import (
    PARAGRAPH_BREAKS,
    lemma_of,
    load_pipeline,
    model_name,
    parse,
    register_components,
)

# Words the English ruler's exceptions are about: contractions, "gonna",
# "y'all", "nothin'", "let's", "there is", negations, auxiliaries, odd spaces.
OWN_TEXT = (
    "I ain't gonna say it, y'all. He said nothin' about it, and it isn't over: "
    "let's see.  There are 12 hostages; there's a deal, but I'm not sure whether "
    'they\'d agree. You got it? "We have done what we could," she said.\n\n'
    "It does matter. Gotta go. C'mon, ask him if he'll come. But that is that.\n"
)


@pytest.fixture
def own_text():
    return OWN_TEXT


@pytest.fixture(scope="module")
def matcher_pipeline():
    """The tracker's pipeline with spaCy's own attribute ruler and lemmatizer:
    the published one with the tracker's paragraph breaks."""
    register_components()
    nlp = spacy.load(model_name())
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


def spacys_own_match(ruler, doc):
    """The matches of AttributeRuler as published, through its Matcher."""
    return AttributeRuler.match(ruler, doc)


def test_it_finds_what_spacys_matcher_finds(text, published_pipeline):
    doc = published_pipeline(text, disable=["attribute_ruler", "lemmatizer", "ner"])
    ruler = published_pipeline.get_pipe("attribute_ruler")
    expected = spacys_own_match(ruler, doc)
    assert len(expected) >= len(doc)  # nearly every token meets a rule
    assert RuleIndex(ruler).match(doc) == expected


def test_every_token_gets_the_attributes_spacys_matcher_gives_it(text, matcher_pipeline):
    ours = parse(text)
    theirs = matcher_pipeline(text)

    def attributes(token, lemma):
        return (token.text, token.tag_, token.pos_, str(token.morph), token.dep_, lemma)

    assert [attributes(t, lemma_of(t)) for t in ours] == [attributes(t, t.lemma_) for t in theirs]


def test_the_tracker_pipeline_uses_the_lookup():
    ruler = load_pipeline().get_pipe("attribute_ruler")
    assert ruler.match.__self__.__class__ is RuleIndex


def ruler_with(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_a_later_rule_takes_precedence_over_an_earlier_one():
    nlp, ruler = ruler_with(
        [
            {"patterns": [[{"LOWER": "deal"}]], "attrs": {"TAG": "NN", "LEMMA": "early"}},
            {"patterns": [[{"LOWER": {"IN": ["deal", "talks"]}}]], "attrs": {"LEMMA": "later"}},
            {"patterns": [[{"LOWER": {"REGEX": "^tal"}}, {"ORTH": "end"}]], "attrs": {"TAG": "X"}},
        ]
    )
    doc = nlp.make_doc("A deal. Talks end.")
    expected = spacys_own_match(ruler, doc)
    assert index_attribute_ruler(nlp)
    assert ruler.match(doc) == expected
    parsed = nlp("A deal. Talks end.")
    deal, talks = parsed[1], parsed[3]
    assert (deal.tag_, deal.lemma_) == ("NN", "later")
    assert (talks.tag_, talks.lemma_) == ("X", "later")


def test_it_reads_flags_and_other_attributes_as_the_matcher_does():
    nlp, ruler = ruler_with(
        [
            {"patterns": [[{"IS_PUNCT": True}]], "attrs": {"LEMMA": "punct"}},
            {"patterns": [[{"LIKE_NUM": True}, {"IS_TITLE": False}]], "attrs": {"TAG": "CD"}},
            {"patterns": [[{"TEXT": "Gaza"}], [{"norm": "truce"}]], "attrs": {"TAG": "NNP"}},
            {"patterns": [[{"ORTH": {"NOT_IN": ["12", "."]}, "IS_DIGIT": True}]], "attrs": {}},
            {"patterns": [[{"IS_STOP": True}, {"IS_ALPHA": True}]], "attrs": {"LEMMA": "x"}},
        ]
    )
    doc = nlp.make_doc("In Gaza, 12 hostages and 3 Truce talks; twelve days. 2024 the truce.")
    expected = spacys_own_match(ruler, doc)
    assert len(expected) > 8
    assert index_attribute_ruler(nlp)
    assert ruler.match(doc) == expected


def test_a_pattern_it_cannot_match_exactly_leaves_spacys_matcher_in_place():
    nlp, ruler = ruler_with(
        [{"patterns": [[{"LOWER": "very", "OP": "+"}, {"POS": "ADJ"}]], "attrs": {"LEMMA": "v"}}]
    )
    assert not index_attribute_ruler(nlp)
    assert "match" not in vars(ruler)


def test_a_pipeline_without_a_ruler_is_left_alone():
    assert not index_attribute_ruler(spacy.blank("en"))
