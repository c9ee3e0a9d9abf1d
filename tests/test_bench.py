"""`make bench` on a small database: every figure is printed and written as
one JSON object per line, with the fields the issue names."""

import json

import pytest
from django.core.management import call_command

from tracker.bench import Figure

pytestmark = pytest.mark.django_db


def run_bench(tmp_path, capsys, output_name="results.jsonl"):
    output = tmp_path / output_name
    call_command(
        "bench",
        "--articles=30",
        "--claims=200",
        "--actors=15",
        "--repeats=1",
        "--skip-ingest",
        f"--output={output}",
    )
    printed = capsys.readouterr().out
    return [json.loads(line) for line in output.read_text().splitlines()], printed


def test_it_writes_every_page_figure_as_a_json_line(tmp_path, capsys):
    figures, printed = run_bench(tmp_path, capsys)

    names = [figure["name"] for figure in figures]
    assert any(": generate_data, 200 claims" in name for name in names)
    for page in ("first page", "one busy actor", "one rare actor", "a text search", "JSON"):
        for state in (
            "served from the cache",
            "after a change elsewhere",
            "made again after a change to what it shows",
            "nothing cached",
        ):
            assert any(page in name and state in name for name in names), (page, state)
    assert any(name.endswith("admin claim list") for name in names)
    assert any("the floor, a request that does nothing" in name for name in names)
    for figure in figures:
        assert {"name", "value", "unit"} <= figure.keys()
        assert figure["value"] >= 0
        if "ratio" in figure:
            assert figure["baseline"] > 0
            # both sides are rounded to two decimals before they are written
            expected = figure["value"] / figure["baseline"]
            assert figure["ratio"] == pytest.approx(expected, rel=0.05, abs=0.01)
    assert "Figure" in printed and "admin claim list" in printed


def test_it_reuses_the_data_it_generated(tmp_path, capsys):
    run_bench(tmp_path, capsys, "first.jsonl")
    figures, _ = run_bench(tmp_path, capsys, "second.jsonl")

    assert not any("generate_data" in figure["name"] for figure in figures)


def test_a_figure_leaves_out_what_it_does_not_have():
    line = json.loads(Figure("pages", 12.5, "ms").as_json())

    assert line == {"name": "pages", "value": 12.5, "unit": "ms"}


def test_nlp_pipe_alone_times_every_seed_text(settings):
    from tracker.bench import nlp_pipe_seconds

    seeds = settings.BASE_DIR / "seeds"

    seconds, texts = nlp_pipe_seconds(seeds, 1)

    assert texts == len(list(seeds.glob("*.txt"))) > 0
    assert seconds > 0
