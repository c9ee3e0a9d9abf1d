"""python manage.py generate_data: realistic synthetic data for scale tests."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from tracker.models import Actor, Appearance, Article, Claim, Event

pytestmark = pytest.mark.django_db


def generate(*args):
    call_command("generate_data", *args, stdout=StringIO())


def test_it_makes_exactly_what_was_asked_with_every_kind_of_entry():
    generate("--articles", "60", "--claims", "900", "--actors", "40")
    assert Article.objects.count() == 60
    assert Claim.objects.count() == 900 == Appearance.objects.count()
    assert Actor.objects.count() == 40
    assert Event.objects.exists()
    assert set(Claim.objects.values_list("kind", flat=True)) == {"quote", "reported", "figure"}
    assert Claim.objects.filter(status="rejected").exists()
    assert Claim.objects.filter(status="verified").exists()
    assert Claim.objects.exclude(figure_subject_key="").exists()


def test_dates_spread_over_years_and_a_few_actors_say_most():
    generate("--articles", "200", "--claims", "3000", "--actors", "100")
    days = Claim.objects.dates("stated_on", "year")
    assert len(days) >= 3
    per_actor = sorted(
        Claim.objects.exclude(speaker=None)
        .values("speaker")
        .annotate(n=Count("id"))
        .values_list("n", flat=True),
        reverse=True,
    )
    assert per_actor[0] > 10 * per_actor[len(per_actor) // 2]


def test_every_generated_claim_and_actor_has_its_first_history_record():
    generate("--articles", "10", "--claims", "100", "--actors", "5")
    claims, actors = Claim.objects.values("id"), Actor.objects.values("id")
    assert Claim.history.filter(id__in=claims, history_type="+").count() == 100
    assert Actor.history.filter(id__in=actors, history_type="+").count() == 5


def test_generating_twice_adds_without_colliding():
    generate("--articles", "10", "--claims", "100", "--actors", "5")
    generate("--articles", "10", "--claims", "100", "--actors", "5")
    assert Actor.objects.count() == 10
    assert Claim.objects.count() == 200


def test_the_timeline_shows_generated_data(client):
    generate("--articles", "30", "--claims", "300", "--actors", "10")
    response = client.get("/")
    assert response.status_code == 200
    assert b'class="entry entry--' in response.content


def test_nonsense_sizes_are_refused():
    with pytest.raises(CommandError):
        generate("--articles", "0")
