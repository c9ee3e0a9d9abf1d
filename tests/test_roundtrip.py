"""dumpdata and loaddata move the whole database with nothing lost."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row of every tracker model (histories included), as plain data."""
    data = {}
    for model in apps.get_app_config("tracker").get_models():
        rows = list(model.objects.order_by("pk").values())
        data[model._meta.label] = json.loads(json.dumps(rows, default=str))
    return data


def test_seeded_data_round_trips_through_dumpdata_and_loaddata(tmp_path, seed_extraction):
    from tests.conftest import make_claim
    from tracker.ingest import store
    from tracker.models import Claim

    article = store(seed_extraction).article
    claim = article.claims.first()
    claim.status = Claim.Status.VERIFIED
    claim.editor_note = "Checked — with “quotes” & <markup>."
    claim.save()
    make_claim(article=article, text="An editor's own claim, ünïcödé.", start=0, end=4)
    before = snapshot()
    assert before["tracker.Claim"] and before["tracker.HistoricalClaim"]

    # XML keeps timestamps to the microsecond; Django's JSON keeps milliseconds.
    dump = tmp_path / "dump.xml"
    call_command("dumpdata", "tracker", "--format", "xml", "-o", str(dump), stdout=StringIO())
    call_command("flush", "--no-input", stdout=StringIO())
    assert not snapshot()["tracker.Claim"]
    call_command("loaddata", str(dump), stdout=StringIO())

    after = snapshot()
    assert after == before, _diff(before, after)


def _diff(a, b):
    for key in a:
        if a[key] != b[key]:
            for x, y in zip(a[key], b[key], strict=False):
                if x != y:
                    return key, {k: (x[k], y.get(k)) for k in x if x[k] != y.get(k)}
            return key, (len(a[key]), len(b[key]))
