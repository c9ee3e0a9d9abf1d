"""What good extraction looks like on the seed article (7 February 2024)."""

import pytest


def claims_by(data, name):
    return [c for c in data["claims"] if c["speaker"] == name]


def actor(data, name):
    matches = [a for a in data["actors"] if a["name"] == name]
    assert matches, f"no actor named {name!r} in {[a['name'] for a in data['actors']]}"
    return matches[0]


def test_it_merges_every_form_of_blinken_into_one_actor_with_his_role(seed_data):
    blinken = actor(seed_data, "Antony Blinken")
    assert {"Blinken", "Mr Blinken"} <= set(blinken["aliases"])
    assert blinken["kind"] == "person"
    assert blinken["description"].lower() == "us secretary of state"
    assert not [a for a in seed_data["actors"] if a["name"] in {"Blinken", "Mr Blinken"}]


def test_it_merges_us_and_the_united_states(seed_data):
    united_states = actor(seed_data, "United States")
    assert united_states["kind"] == "country"
    assert {"US", "the United States"} <= set(united_states["aliases"])


def test_it_gives_actors_the_right_kinds(seed_data):
    assert actor(seed_data, "Hamas")["kind"] == "group"
    assert actor(seed_data, "Israel")["kind"] == "country"
    assert actor(seed_data, "Benjamin Netanyahu")["kind"] == "person"
    assert actor(seed_data, "Benjamin Netanyahu")["description"] == "Israeli Prime Minister"


def test_no_photographer_or_agency_becomes_an_actor(seed_data):
    names = {a["name"] for a in seed_data["actors"]}
    aliases = {alias for a in seed_data["actors"] for alias in a["aliases"]}
    for credit in ["Tsafrir Abayov", "Mark Schiefelbein", "AP", "Pool/AP", "Pool"]:
        assert credit not in names | aliases


def test_captions_yield_no_claims(seed_data):
    body = seed_data["article"]["body"]
    caption = body.index("An Israeli tank")
    caption_end = body.index("\n", caption)
    for claim in seed_data["claims"]:
        assert not (caption <= claim["span"][0] < caption_end)


def test_it_attributes_blinkens_quotes_to_him(seed_data):
    quotes = [c["quote"] or "" for c in claims_by(seed_data, "Antony Blinken")]
    assert any(q == "a lot of work" for q in quotes)
    assert any(q.startswith("There’s a lot of work to be done") for q in quotes)


def test_the_last_quote_is_blinkens_not_herzogs(seed_data):
    last = [c for c in seed_data["claims"] if c["kind"] == "quote"][-1]
    assert last["quote"].startswith("There’s a lot of work")
    assert last["speaker"] == "Antony Blinken"
    body = seed_data["article"]["body"]
    assert body[slice(*last["speaker_span"])] == "Mr Blinken"


def test_bidens_words_are_attributed_to_him(seed_data):
    (claim,) = [c for c in seed_data["claims"] if "a little over the top" in (c["quote"] or "")]
    assert claim["speaker"] == "Joe Biden"
    assert claim["kind"] == "reported"
    body = seed_data["article"]["body"]
    assert "negotiations will continue" in body[slice(*claim["span"])]


def test_netanyahus_total_victory_is_attributed_to_him(seed_data):
    (claim,) = [c for c in seed_data["claims"] if "total victory" in (c["quote"] or "")]
    assert claim["speaker"] == "Benjamin Netanyahu"
    body = seed_data["article"]["body"]
    assert body[slice(*claim["speaker_span"])] == "Mr Netanyahu"


def test_statements_are_dated_on_the_articles_day(seed_data):
    statements = [c for c in seed_data["claims"] if c["kind"] != "figure"]
    assert statements
    assert {(c["stated_on"], c["stated_precision"]) for c in statements} == {("2024-02-07", "day")}


@pytest.mark.parametrize(
    "words, value, qualifier, counts",
    [
        ("more than 27,000 Palestinians", 27000, "more than", "Palestinians killed"),
        ("some 1,200 people", 1200, "some", "people killed"),
        ("some 250", 250, "some", "people abducted"),
    ],
)
def test_death_and_hostage_figures_have_value_qualifier_and_subject(
    seed_data, words, value, qualifier, counts
):
    body = seed_data["article"]["body"]
    figures = [c for c in seed_data["claims"] if c["kind"] == "figure"]
    (claim,) = [c for c in figures if body[slice(*c["span"])] == words]
    assert claim["figure"]["value"] == value
    assert claim["figure"]["qualifier"] == qualifier
    assert claim["figure"]["subject"] == counts
    assert claim["speaker"] is None


def test_vague_and_fractional_figures_are_parsed(seed_data):
    body = seed_data["article"]["body"]
    figures = {
        body[slice(*c["span"])]: c["figure"] for c in seed_data["claims"] if c["kind"] == "figure"
    }
    assert figures["hundreds of Palestinians"]["value"] is None
    assert figures["hundreds of Palestinians"]["qualifier"] == "hundreds"
    assert figures["a quarter of the population"]["value"] == 0.25


def test_the_october_7_attack_is_an_event_dated_from_the_articles_date(seed_data):
    (event,) = [e for e in seed_data["events"] if "attack" in e["title"]]
    assert event["occurred_on"] == "2023-10-07"
    assert event["precision"] == "day"
    assert "Hamas" in event["actors"]


def test_october_7_is_resolved_to_the_previous_year(seed_data):
    (timex,) = [d for d in seed_data["dates"] if d["text"] == "October 7"]
    assert timex["value"] == "2023-10-07"
    assert timex["type"] == "DATE"


def test_every_speaker_is_one_of_the_actors(seed_data):
    names = {a["name"] for a in seed_data["actors"]}
    for claim in seed_data["claims"]:
        assert claim["speaker"] is None or claim["speaker"] in names


def test_every_span_points_at_non_empty_text_in_the_body(seed_data):
    body = seed_data["article"]["body"]
    for item in seed_data["claims"] + seed_data["events"] + seed_data["dates"]:
        start, end = item["span"]
        assert 0 <= start < end <= len(body)
        assert body[start:end].strip() == body[start:end]
    for timex in seed_data["dates"]:
        assert body[slice(*timex["span"])] == timex["text"]
