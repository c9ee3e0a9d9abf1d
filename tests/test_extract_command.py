"""python manage.py extract: prints what the extractor finds, touches no database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("extract", *map(str, args), stdout=out, stderr=err)
    except CommandError as caught:
        error = caught
    return out.getvalue(), err.getvalue(), error


def test_json_output_has_the_pinned_shape(seed_file):
    out, _, error = run(seed_file, "--format", "json")
    assert error is None
    lines = out.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == {"article", "actors", "claims", "events", "dates"}
    assert set(data["article"]) == {"title", "published_on", "sha256", "body"}
    assert data["article"]["published_on"] == "2024-02-07"
    for actor in data["actors"]:
        assert set(actor) == {"name", "kind", "aliases", "description"}
        assert actor["kind"] in {"person", "organisation", "country", "group"}
    for claim in data["claims"]:
        assert {
            "kind",
            "speaker",
            "speaker_span",
            "text",
            "quote",
            "span",
            "stated_on",
            "stated_precision",
            "figure",
        } <= set(claim)
        assert claim["kind"] in {"quote", "reported", "figure"}
        assert claim["stated_precision"] in {"day", "month", "year"}
        assert (claim["figure"] is None) == (claim["kind"] != "figure")
        if claim["figure"]:
            assert {"value", "qualifier", "unit"} <= set(claim["figure"])
    for event in data["events"]:
        assert set(event) == {"title", "occurred_on", "precision", "span", "actors"}
    for timex in data["dates"]:
        assert set(timex) == {"text", "span", "value", "type"}
        assert timex["type"] in {"DATE", "TIME", "DURATION", "SET"}


def test_spans_are_python_string_offsets_into_the_body(seed_file):
    out, _, _ = run(seed_file, "--format", "json")
    data = json.loads(out)
    body = data["article"]["body"]
    quote = next(c for c in data["claims"] if c["kind"] == "quote")
    assert body[quote["span"][0] : quote["span"][1]] == quote["quote"]


def test_one_json_object_per_file_per_line(seed_file, make_seed):
    other = make_seed("other.txt", "Hamas said it would study the proposal.")
    out, _, _ = run(seed_file, other, "--format", "json")
    assert [json.loads(line)["article"]["published_on"] for line in out.splitlines()] == [
        "2024-02-07",
        "2024-02-07",
    ]


def test_text_output_lists_actors_claims_events_and_dates(seed_file):
    out, _, _ = run(seed_file)
    assert "Antony Blinken (person, US secretary of state)" in out
    assert "2023-10-07 (day)" in out
    assert "Claims (" in out and "Dates (" in out


def test_a_bad_file_is_reported_and_the_rest_printed(seed_file, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no date line here")
    out, err, error = run(bad, seed_file, "--format", "json")
    assert f"{bad}: no 'date YYYY-MM-DD' line" in err
    assert error is not None and error.returncode == 1
    assert len(out.strip().splitlines()) == 1


def test_it_does_not_touch_the_database(seed_file):
    # Without the django_db mark any query would fail this test.
    out, _, error = run(seed_file, "--format", "json")
    assert error is None and out


def test_it_refuses_an_unknown_format(seed_file):
    with pytest.raises(CommandError):
        call_command("extract", str(seed_file), "--format", "xml")
