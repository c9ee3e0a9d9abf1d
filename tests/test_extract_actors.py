"""Actors on small texts: merged surface forms, kinds, roles."""


def names(result):
    return {a.name: a for a in result.actors}


def test_short_names_and_titles_join_the_full_name(extract_text):
    result = extract_text(
        "German Chancellor Olaf Scholz met the press. Mr Scholz said the plan was sound. "
        "Scholz later left."
    )
    actors = names(result)
    assert "Olaf Scholz" in actors
    assert {"Scholz", "Mr Scholz"} <= set(actors["Olaf Scholz"].aliases)
    assert actors["Olaf Scholz"].description == "German Chancellor"
    assert "Scholz" not in actors


def test_a_surname_before_the_full_name_still_merges(extract_text):
    result = extract_text("Blinken arrives in Cairo. Antony Blinken said the talks were useful.")
    assert [a.name for a in result.actors if a.kind == "person"] == ["Antony Blinken"]


def test_country_forms_are_one_country(extract_text):
    result = extract_text("The U.S. and the United States of America are the same as the US.")
    countries = [a for a in result.actors if a.kind == "country"]
    assert [c.name for c in countries] == ["United States"]


def test_acronyms_join_their_organisation(extract_text):
    result = extract_text(
        "The World Health Organization (WHO) warned of famine. The WHO said aid was blocked."
    )
    organisations = [a.name for a in result.actors if a.kind == "organisation"]
    assert organisations == ["World Health Organization"]


def test_cities_are_places_not_actors(extract_text):
    result = extract_text("Talks resumed in Cairo and Doha on Monday.")
    assert not [a for a in result.actors if a.name in {"Cairo"}]
    assert {m.text for m in result.mentions if m.label == "LOC"} >= {"Cairo"}
