"""Statements on small texts: direct quotes, reported speech, speakers."""


def only(claims, **fields):
    matches = [c for c in claims if all(getattr(c, k) == v for k, v in fields.items())]
    assert len(matches) == 1, f"expected one claim with {fields}, got {claims}"
    return matches[0]


def statements(result):
    return [c for c in result.claims if c.kind != "figure"]


def test_a_direct_quote_with_the_cue_after_it(extract_text):
    result = extract_text("“We will not give up,” said Antony Blinken, the US secretary of state.")
    claim = only(statements(result), kind="quote")
    assert claim.quote == "We will not give up"
    assert claim.speaker.name == "Antony Blinken"


def test_a_direct_quote_introduced_with_a_colon(extract_text):
    result = extract_text("Mr Smith said: “We are not going anywhere.”")
    claim = only(statements(result), kind="quote")
    assert claim.quote.startswith("We are not going anywhere")
    assert claim.speaker.name == "Smith"


def test_reported_speech_with_that(extract_text):
    body = "The prime minister, Rishi Sunak, said that the talks would resume next week."
    result = extract_text(body)
    claim = only(statements(result), kind="reported")
    assert claim.speaker.name == "Rishi Sunak"
    assert body[claim.span[0] : claim.span[1]] == "the talks would resume next week"


def test_according_to_a_source(extract_text):
    body = "According to the Health Ministry, more than 27,000 people have been killed."
    result = extract_text(body)
    claim = only(statements(result), attribution="according_to")
    assert claim.speaker.name == "Health Ministry"
    assert "27,000 people have been killed" in body[claim.span[0] : claim.span[1]]
    figure = only([c for c in result.claims if c.kind == "figure"], kind="figure")
    assert figure.speaker is claim.speaker  # the figure is the ministry's


def test_a_pronoun_speaker_resolves_to_the_person_named_before(extract_text):
    body = (
        "Emmanuel Macron arrived in Berlin on Monday.\n\n"
        "He said the two countries would work together on defence."
    )
    result = extract_text(body)
    claim = only(statements(result), kind="reported")
    assert body[claim.speaker_span[0] : claim.speaker_span[1]] == "He"
    assert claim.speaker.name == "Emmanuel Macron"


def test_a_quote_paragraph_without_a_cue_continues_the_last_speaker(extract_text):
    body = "“This is wrong,” Ms Rivera said. “We will fight it in court.”"
    result = extract_text(body)
    quotes = [c for c in statements(result) if c.kind == "quote"]
    assert [q.speaker.name for q in quotes] == ["Rivera", "Rivera"]


def test_organisations_and_countries_speak(extract_text):
    result = extract_text(
        "Hamas said it would study the proposal. The White House said it was hopeful."
    )
    speakers = [c.speaker.name for c in statements(result)]
    assert speakers == ["Hamas", "White House"]


def test_a_demonym_with_officials_speaks_for_the_country(extract_text):
    result = extract_text("Israeli officials told reporters that the talks had stalled.")
    claim = only(statements(result), kind="reported")
    assert claim.speaker.name == "Israel"
    assert claim.speaker.kind == "country"


def test_the_date_on_the_cue_dates_the_statement(extract_text):
    result = extract_text("Hamas said on Tuesday that it would study the proposal.")
    claim = only(statements(result), kind="reported")
    assert claim.stated_on.isoformat() == "2024-02-06"


def test_a_text_without_quotes_or_cues_has_no_statements(extract_text):
    result = extract_text("The sun rose over the hills and the market opened at nine.")
    assert statements(result) == []


def test_a_scare_quote_is_not_a_claim(extract_text):
    result = extract_text("The so-called “reform” package was published.")
    assert statements(result) == []


def test_a_split_quote_is_one_claim(extract_text):
    body = "“We will not give up,” Mr Smith said, “and we will win in the end.”"
    (claim,) = statements(extract_text(body))
    assert claim.kind == "quote"
    assert claim.quote == "We will not give up … and we will win in the end."
    assert claim.speaker.name == "Smith"


def test_a_quote_over_several_paragraphs_is_one_claim(extract_text):
    body = (
        "“The first paragraph of a long quote does not close.\n\n"
        "“The second paragraph ends it,” said Jane Roe, the party leader."
    )
    (claim,) = statements(extract_text(body))
    assert claim.kind == "quote"
    assert claim.quote.startswith("The first paragraph")
    assert claim.quote.endswith("The second paragraph ends it")
    assert claim.speaker.name == "Jane Roe"


def test_a_speaker_named_in_an_apposition_with_a_role(extract_text):
    result = extract_text(
        "Israel’s ceremonial president, Isaac Herzog, said the country would recover."
    )
    (claim,) = statements(result)
    assert claim.speaker.name == "Isaac Herzog"


def test_says_in_the_present_tense(extract_text):
    (claim,) = statements(extract_text("The White House says the deal is close."))
    assert claim.speaker.name == "White House"


def test_on_tuesday_after_the_cue_dates_the_statement_not_its_words(extract_text):
    body = "Hamas said on Tuesday it had received the proposal."
    (claim,) = statements(extract_text(body))
    assert claim.stated_on.isoformat() == "2024-02-06"
    assert body[claim.span[0] : claim.span[1]] == "it had received the proposal"


def test_words_inside_a_quote_are_never_a_claim_of_their_own(extract_text):
    body = "“I think we will win, and they say we cannot,” Ms Rivera said."
    (claim,) = statements(extract_text(body))
    assert claim.speaker.name == "Rivera"


def test_according_to_and_called_for(extract_text):
    result = extract_text("The minister called for an immediate ceasefire in Gaza.")
    (claim,) = statements(result)
    assert "an immediate ceasefire" in claim.text
