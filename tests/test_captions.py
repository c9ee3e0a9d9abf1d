"""Photo captions: kept in the body, no claims or actors from them."""

import pytest

from tracker.extraction.captions import caption_spans, is_caption


@pytest.mark.parametrize(
    "paragraph",
    [
        "An Israeli tank on the border (Tsafrir Abayov/AP)",
        "Antony Blinken, centre left, at the President’s Residence (Mark Schiefelbein, Pool/AP)",
        "Protesters in London. Photograph: Guy Smallman/Getty Images",
        "Photo: Jane Doe",
        "Rescuers search the rubble (Reuters)",
    ],
)
def test_credited_pictures_are_captions(paragraph):
    assert is_caption(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister said the talks would continue (in Cairo).",
        "The museum will open next year. UR The ITAR-Tass, 4th graf pvs (pvs/ji)",
        "A whole story. " * 40 + "(Mark Schiefelbein/AP)",
    ],
)
def test_text_that_only_ends_in_brackets_is_not_a_caption(paragraph):
    assert not is_caption(paragraph)


def test_caption_spans_point_at_whole_paragraphs():
    body = "First paragraph.\n\nA tank (Jane Doe/AP)\n\nLast paragraph."
    (span,) = caption_spans(body)
    assert body[slice(*span)] == "A tank (Jane Doe/AP)"
