"""Whatever the news text, the extractor finishes: no crash, no hang."""

import datetime as dt

import pytest

from tracker.extraction import Document, extract


@pytest.mark.parametrize(
    "body",
    [
        "No quotes at all, no names, nothing but words.",
        "Le président a dit: « Nous allons gagner ». Der Minister sagte, dass es gut sei.",
        "“An unclosed quote that runs to the end of the article",
        '"Straight quotes," he said. "Odd number of them.',
        "Ünïcödé çháràctérs, emoji 🎉 and zero-width\u200b spaces said nothing.",
        "A" * 5000,
        ("The minister said the figures were clear. " * 2000),
        "Numbers: " + ", ".join(str(i) for i in range(3000)),
        "))) ((( ”“ ‘’ — – … \t\t\n\n\n",
    ],
)
def test_it_extracts_odd_texts_without_error(body):
    result = extract(Document(published_on=dt.date(2024, 2, 7), body=body))
    for claim in result.claims:
        assert 0 <= claim.span[0] < claim.span[1] <= len(body)
