"""The public site is read-only, the admin needs a login and throttles
guessing, production refuses to run half-configured, and every response
carries the security headers."""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [
    "/", "/timeline.json", "/timeline.csv", "/timeline.atom", "/timeline/timelinejs.json",
    "/figures/", "/actors/", "/healthz",
]  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_public_url_accepts_a_write(client, path, method):
    response = getattr(client, method)(path, {"text": "vandalism"})
    assert response.status_code == 405


def test_the_admin_needs_a_login(client):
    for name in ("admin:tracker_claim_changelist", "admin:tracker_article_add", "admin:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_repeated_failed_logins_are_locked_out(client, settings):
    User.objects.create_user("editor", password="the-right-password-42", is_staff=True)
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    assert client.post(login, {"username": "editor", "password": "wrong"}).status_code == 429
    locked = client.post(login, {"username": "editor", "password": "the-right-password-42"})
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_responses_carry_a_csp_without_inline_script_and_other_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/figures/", "/actors/"])
def test_pages_have_no_inline_script(client, path):
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag


def test_healthz_says_whether_the_database_answers(client):
    assert client.get("/healthz").status_code == 200
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


def run_django(*args, **environment):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "environment, missing",
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "news.example.org"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(environment, missing):
    result = run_django("check", **environment)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_django(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="a-production-secret-" + "k3y" * 20, ALLOWED_HOSTS="news.example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
