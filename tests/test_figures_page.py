"""Figures over time: series by what they count, charts, tables, disagreements."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db
FIGURES = reverse("tracker:figures")


def figure(value, day, speaker=None, subject="Palestinians killed", **fields):
    return make_claim(
        kind="figure",
        speaker=speaker,
        figure_value=value,
        figure_subject=subject,
        stated_on=day,
        article=make_article(published_on=day),
        **fields,
    )


def test_figures_that_count_the_same_thing_form_one_series(client):
    ministry = make_actor("Health Ministry", kind="organisation")
    figure(27000, dt.date(2024, 2, 1), ministry)
    figure(27365, dt.date(2024, 2, 7), ministry, subject="palestinian killed")
    figure(136, dt.date(2024, 2, 7), subject="hostages held")
    response = client.get(FIGURES)
    series = {s.key: s for s in response.context["series"]}
    assert set(series) == {"palestinian killed", "hostage held"}
    killed = series["palestinian killed"]
    assert [c.figure_value for c in killed.claims] == [27000, 27365]
    assert killed.legend == [("Health Ministry", "#0b5cad")]
    assert len(killed.points) == 2 and killed.points[0].x < killed.points[1].x
    assert killed.points[0].y > killed.points[1].y  # a larger value is drawn higher
    html = response.content.decode()
    assert "<svg" in html and "<polyline" in html and "<table" in html


def test_it_says_when_sources_disagree_on_the_same_day(client):
    figure(27000, dt.date(2024, 2, 7), make_actor("Health Ministry", kind="organisation"))
    figure(25000, dt.date(2024, 2, 7), make_actor("Israel", kind="country"))
    response = client.get(FIGURES)
    (series,) = response.context["series"]
    assert len(series.conflicts) == 1
    assert "Sources disagree" in response.content.decode()


def test_one_series_by_its_subject(client):
    figure(1, dt.date(2024, 2, 7), subject="hostages held")
    figure(2, dt.date(2024, 2, 7), subject="people displaced")
    response = client.get(FIGURES, {"subject": "hostage held"})
    assert [s.key for s in response.context["series"]] == ["hostage held"]
    response = client.get(FIGURES, {"subject": "nothing counted"})
    assert response.status_code == 200
    assert "No figures count “nothing counted”" in response.content.decode()


def test_rejected_figures_and_figures_without_value_are_left_out(client):
    figure(5, dt.date(2024, 2, 7), status="rejected")
    figure(None, dt.date(2024, 2, 7))
    assert client.get(FIGURES).context["series"] == []


def test_the_filters_narrow_the_figures(client):
    ministry = make_actor("Health Ministry", kind="organisation")
    figure(27000, dt.date(2024, 2, 1), ministry)
    figure(30000, dt.date(2024, 3, 1))
    response = client.get(FIGURES, {"actor": ministry.slug})
    (series,) = response.context["series"]
    assert [c.figure_value for c in series.claims] == [27000]
    assert client.get(FIGURES, {"date_after": "garbage"}).status_code == 400


def test_the_figures_page_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for i in range(60):
        figure(i, dt.date(2024, 1, 1) + dt.timedelta(days=i), subject=f"thing {i % 15} counted")
    with django_assert_max_num_queries(5):
        assert client.get(FIGURES).status_code == 200


def test_a_series_longer_than_a_chart_shows_its_newest_reports(client, monkeypatch):
    from tracker import charts

    monkeypatch.setattr(charts, "MAX_POINTS", 3)
    for day in range(1, 6):
        figure(100 + day, dt.date(2024, 2, day))
    response = client.get(FIGURES)
    (killed,) = response.context["series"]
    assert [c.figure_value for c in killed.claims] == [103, 104, 105]
    assert "the newest 3 reports" in response.content.decode()
    assert "narrow the dates to see them" in response.content.decode()
    earlier = client.get(FIGURES, {"date_before": "2024-02-03"})
    assert [c.figure_value for c in earlier.context["series"][0].claims] == [101, 102, 103]
    assert "narrow the dates" not in earlier.content.decode()  # exactly a chart's worth


def test_series_are_ranked_by_the_newest_reports(client, monkeypatch):
    from tracker import views

    monkeypatch.setattr(views, "RANKED_FROM_NEWEST", 3)
    for day in range(1, 6):
        figure(day, dt.date(2023, 1, day), subject="rockets fired")
    for day in range(1, 3):
        figure(day, dt.date(2024, 2, day), subject="hostages held")
    keys = [s.key for s in client.get(FIGURES).context["series"]]
    assert keys == ["hostage held", "rocket fired"]
