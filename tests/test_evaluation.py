"""The evaluation harness: scorers and corpus readers on small files written
here, the evaluate command, and (when ../shared/corpora is there) the figures
the issue sets on the real annotated corpora."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tracker.evaluation import corpora, tasks
from tracker.evaluation.scoring import Score, match, offset_mapper, span_score

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"the annotated corpora are not at {CORPORA}"
)


def test_spans_match_one_to_one_by_overlap_or_exactly():
    system = [[(0, 5)], [(10, 20)], [(30, 35)]]
    gold = [[(0, 5)], [(12, 18)], [(50, 60)]]
    assert match(system, gold) == [(1, 1), (0, 0)]
    assert match(system, gold, exact=True) == [(0, 0)]
    score = span_score(system, gold)
    assert (score.precision, score.recall) == pytest.approx((66.67, 66.67), abs=0.01)


def test_a_gold_span_is_matched_once_even_when_two_claims_overlap_it():
    assert len(match([[(0, 10)], [(2, 8)]], [[(0, 10)]])) == 1


def test_scores_add_up_across_documents():
    total = Score(1, 2, 1, 4) + Score(3, 3, 3, 4)
    assert (total.precision, total.recall) == (80.0, 50.0)
    assert total.f1 == pytest.approx(61.54, abs=0.01)


def test_offsets_follow_the_stored_body():
    to_body = offset_mapper("  Hello world.  ", "Hello world.")
    assert to_body(2) == 0 and to_body(8) == 6


@pytest.mark.parametrize(
    "cue, speech",
    [
        ("said", True),
        ("has told", True),
        ("according to", True),
        ("believes", False),
        ("added", True),
    ],
)
def test_speech_cues_are_recognised_in_any_inflection(cue, speech):
    assert tasks.is_speech_cue(cue) is speech


def test_week_values_compare_without_zero_padding():
    assert tasks._same_value("2000-W07", "2000-W7")
    assert not tasks._same_value("2000-W07", "2000-W8")


def test_timeml_reader_gives_text_spans_and_the_document_date(tmp_path):
    (tmp_path / "doc.tml").write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" '
        'functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT><TEXT>\nBombs exploded '
        '<TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; '
        '<TIMEX3 tid="t2" type="DATE" value="1998-W31">last week</TIMEX3>.\n</TEXT></TimeML>'
    )
    (document,) = corpora.timeml(tmp_path)
    assert document.dct.isoformat() == "1998-08-07"
    assert [document.text[s:e] for s, e in (t.span for t in document.timexes)] == [
        "Friday",
        "last week",
    ]
    assert "&" in document.text


def test_brat_reader_ties_source_cue_and_content(tmp_path):
    split = tmp_path / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (tmp_path / "data" / "metadata.tsv").write_text(
        "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\n"
        "dev\tpaper_2016-09-12_x\tNone\tab12|cd34\tpaper\t2016-09-12\n"
    )
    text = "The Post reports that the talks failed."
    (split / "text" / "paper_2016-09-12_x.txt").write_text(text)
    (split / "attributions" / "paper_2016-09-12_x_ab12.ann").write_text(
        "T1\tSource 0 8\tThe Post\nT2\tCue 9 16\treports\n"
        "T3\tContent 17 38\tthat the talks failed\n"
        "T4\tAttribution 9 16\treports\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    (document,) = corpora.polnear(tmp_path, "dev")
    (attribution,) = document.attributions
    assert text[slice(*attribution.source[0])] == "The Post"
    assert attribution.cue_text == "reports"
    assert text[slice(*attribution.content[0])] == "that the talks failed"


@pytest.mark.django_db  # it checks that the database can take the repeats task
def test_the_command_says_when_the_corpora_are_missing(tmp_path):
    with pytest.raises(CommandError, match="is not there; pass --corpora PATH"):
        call_command("evaluate", "--corpora", str(tmp_path / "nowhere"), stdout=StringIO())


def test_the_command_notes_a_missing_corpus_and_runs_the_rest(tmp_path):
    out = StringIO()
    call_command(
        "evaluate", "--corpora", str(tmp_path), "--only", "timex", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["results"] == []
    assert "timex: skipped" in data["notes"][0]


@needs_corpora
@pytest.mark.corpora
def test_actors_and_figures_reach_their_targets_on_meantime():
    folder = CORPORA / "meantime" / "intra_cross-doc_annotation"
    actors = {r.metric: r for r in tasks.actors(folder)}
    figures = {r.metric: r for r in tasks.figures(folder)}
    assert actors["mentions, overlap"].score.f1 >= 75
    assert figures["spans, overlap"].score.f1 >= 80


def test_the_command_asks_for_migrations_before_storing_repeats(tmp_path):
    """Run as its own process on an empty database: it stops at once with the
    reason, before minutes of work on the other tasks."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "evaluate", "--corpora", str(tmp_path)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "run `python manage.py migrate` first" in result.stderr
    assert "Traceback" not in result.stderr
