"""Public pages are kept whole by PageCacheMiddleware (tracker/page_cache.py),
ahead of the middleware a kept page does not need; editors and anything
personal never go through the cache."""

import datetime as dt
from contextlib import ExitStack
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_actor, make_article, make_claim
from tracker import page_cache, revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    revision.changed()
    return make_claim(
        make_article(published_on=dt.date(2024, 2, 7)),
        make_actor("Ismail Haniyeh"),
        text="Haniyeh said the talks would resume on Thursday.",
        stated_on=dt.date(2024, 2, 7),
    )


def made(response) -> bool:
    return bool(response.templates)


def test_a_kept_page_is_served_with_the_headers_the_whole_stack_gave_it(client, claim):
    first = client.get("/")
    second = client.get("/")
    assert made(first) and not made(second)
    assert second.content == first.content
    for header in ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options"):
        assert second[header] == first[header], header
    assert "Cookie" in second["Vary"]


# What a kept page has no need of: sessions, sign-ins, CSRF and URL resolution.
SKIPPED_STEPS = [
    (SessionMiddleware, "process_request"),
    (AuthenticationMiddleware, "process_request"),
    (CsrfViewMiddleware, "process_view"),
    (BaseHandler, "resolve_request"),
]


def _get_watching_skipped_steps(client, path):
    with ExitStack() as stack:
        spies = [
            stack.enter_context(
                mock.patch.object(owner, name, autospec=True, side_effect=getattr(owner, name))
            )
            for owner, name in SKIPPED_STEPS
        ]
        response = client.get(path)
    return response, {
        f"{owner.__name__}.{name}": spy.call_count
        for (owner, name), spy in zip(SKIPPED_STEPS, spies, strict=True)
    }


def test_a_kept_page_is_served_before_sessions_sign_ins_csrf_and_url_resolution(client, claim):
    made_page, steps_when_made = _get_watching_skipped_steps(client, "/")
    kept_page, steps_when_kept = _get_watching_skipped_steps(client, "/")
    assert made(made_page) and all(steps_when_made.values()), steps_when_made
    assert not made(kept_page) and not any(steps_when_kept.values()), steps_when_kept


def test_a_reader_with_a_session_cookie_always_gets_a_fresh_page(client, claim):
    client.get("/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    with CaptureQueriesContext(connection) as run:
        response = client.get("/")
    assert response.status_code == 200
    assert made(response)
    # made from the database, and the unknown session looked up
    assert len(run) > 1


def test_a_page_made_for_a_session_is_not_kept_for_readers(client, claim):
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    client.get("/")
    assert cache.get(page_cache.page_key("http://testserver/")) is None


def test_pages_not_marked_for_the_cache_are_neither_kept_nor_cost_a_query(client, claim):
    with CaptureQueriesContext(connection) as run:
        assert client.get("/no-such-page/").status_code == 404
    assert len(run) == 0
    b"".join(client.get("/timeline.csv").streaming_content)
    assert cache.get(page_cache.page_key("http://testserver/timeline.csv")) is None
    assert cache.get(page_cache.page_key("http://testserver/no-such-page/")) is None


def test_a_response_that_sets_a_cookie_is_never_kept(claim):
    def sets_a_cookie(request):
        response = HttpResponse("personal")
        response.set_cookie("reader", "42")
        return response

    middleware = page_cache.PageCacheMiddleware(sets_a_cookie)
    middleware(RequestFactory().get("/"))
    assert cache.get(page_cache.page_key("http://testserver/")) is None


def test_only_reads_are_served_from_the_cache(client, claim):
    client.get("/")
    response = client.post("/")
    assert response.status_code == 405
    assert cache.get(page_cache.page_key("http://testserver/")).response.status_code == 200


def test_a_disallowed_host_is_refused_before_the_cache(client, claim):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
