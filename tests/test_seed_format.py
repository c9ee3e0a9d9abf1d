"""Reading seed files: the date line, an optional title, the body."""

import datetime as dt

import pytest

from tracker.extraction.document import (
    MAX_SEED_BYTES,
    SeedError,
    decode_bytes,
    derive_title,
    parse_seed,
    read_seed_file,
)


def test_it_reads_the_date_and_a_body_that_starts_on_the_same_line():
    document = parse_seed("  date 2024-02-07 The minister spoke.\n\nMore text.")
    assert document.published_on == dt.date(2024, 2, 7)
    assert document.body == "The minister spoke.\n\nMore text."


def test_it_uses_a_title_line_when_there_is_one():
    document = parse_seed("date 2024-02-07\ntitle Talks stall in Cairo\nThe minister spoke.")
    assert document.title == "Talks stall in Cairo"
    assert document.body == "The minister spoke."


def test_a_body_that_opens_with_the_word_title_is_body():
    document = parse_seed("date 2024-02-07\nTitle IX cases rose sharply last year.")
    assert document.body.startswith("Title IX")


def test_it_derives_a_short_title_from_the_first_sentence():
    title = derive_title(
        "US secretary of state Antony Blinken has said that “a lot of work” remains to bridge "
        "the gap between Israel and Hamas. Next."
    )
    assert title.startswith("US secretary of state Antony Blinken")
    assert len(title) <= 91 and title.endswith("…")


def test_the_seed_article_gets_a_title_and_a_stable_hash(seed_document):
    assert seed_document.title.startswith("US secretary of state Antony Blinken")
    assert len(seed_document.sha256) == 64
    assert seed_document.sha256 == parse_seed("date 2024-02-07 " + seed_document.body).sha256


@pytest.mark.parametrize(
    "text, message",
    [
        ("The minister spoke.", "no 'date YYYY-MM-DD' line"),
        ("date 2024-02-30 Text.", "does not exist"),
        ("date 07/02/2024 Text.", "not in the form YYYY-MM-DD"),
        ("date 2999-01-01 Text.", "in the future"),
        ("date 2024-02-07", "no text"),
        ("date 2024-02-07\n\n   \n", "no text"),
        ("date 2024-02-07 12345 67", "no words"),
    ],
)
def test_it_refuses_bad_seeds_with_a_reason(text, message):
    with pytest.raises(SeedError, match=message):
        parse_seed(text)


def test_it_decodes_utf16_with_a_bom_and_latin1():
    assert decode_bytes("date 2024-02-07 Café".encode("utf-16")) == "date 2024-02-07 Café"
    assert decode_bytes("date 2024-02-07 Café".encode("latin-1")) == "date 2024-02-07 Café"


def test_it_refuses_binary_files():
    with pytest.raises(SeedError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def test_it_refuses_files_over_the_size_limit_without_reading_them(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.seek(MAX_SEED_BYTES + 10)
        handle.write(b"x")
    with pytest.raises(SeedError, match="limit"):
        read_seed_file(path)


def test_a_missing_file_is_a_seed_error(tmp_path):
    with pytest.raises(SeedError):
        read_seed_file(tmp_path / "nope.txt")


def test_it_drops_control_characters_but_keeps_tabs_and_line_breaks():
    text = (
        "date 2024-02-07\n\nThe\x00 minister\x07 said\x85 the\ttalks\x1b resumed.\x7f\r\nNext   \n"
    )

    document = parse_seed(text)

    assert document.body == "The minister said the\ttalks resumed.\nNext"
