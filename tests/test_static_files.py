"""Static files in production: cache-busting names from the manifest, each
URL worked out once per process."""

import json

import pytest
from django.test import override_settings

from tracker.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "paths": {"tracker/site.css": "tracker/site.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


@override_settings(DEBUG=False)
def test_a_file_is_named_by_its_manifest_entry_every_time(storage):
    first = storage.url("tracker/site.css")

    assert first == "/static/tracker/site.0123abcd.css"
    assert storage.url("tracker/site.css") is first


@override_settings(DEBUG=False)
def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("tracker/gone.css")


def test_under_debug_a_file_keeps_its_own_name(storage):
    with override_settings(DEBUG=False):
        hashed = storage.url("tracker/site.css")
    with override_settings(DEBUG=True):
        plain = storage.url("tracker/site.css")

    assert (hashed, plain) == ("/static/tracker/site.0123abcd.css", "/static/tracker/site.css")
