"""The benchmarks behind ``make bench``: pages at a million claims, the admin's
claim list, generating data, and seeding real news.

Every figure is measured here, in this run, on this machine; none is typed in.
Timings are medians of repeated runs. A page is timed four times: served
from the cache (what readers get while the data is unchanged), right after
a change elsewhere in the data (the page's own queries run again and return
what they returned, so the page is served as it was made), made again after
a change to what it shows (its unchanged entries and the actor picker still
cached, as they would be), and with nothing cached at all. Its baseline is
the page's own SQL run bare through a cursor, every row fetched: what the
database alone needs to answer the page, timed in the same state.
"""

from __future__ import annotations

import calendar
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from . import page_cache, revision, rows
from .models import Actor, Article, Claim

PAGE_TARGET_MS = 50
BARE_RATIO_TARGET = 3
ADMIN_TARGET_MS = 300
JOBS_SPEEDUP_TARGET = 1.7
NLP_RATIO_TARGET = 0.8
MEMORY_TARGET_MB = 1024


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    ratio: float | None = None
    baseline: float | None = None
    target: str = ""
    met: bool | None = None

    def as_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v not in (None, "")})


def median_ms(action: Callable[[], object], repeats: int, before: Callable | None = None) -> float:
    """The median time of ``action`` in milliseconds; ``before`` runs before
    each timing, untimed."""
    times = []
    for _ in range(repeats):
        if before:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


# -- data ---------------------------------------------------------------------


def ensure_data(label: str, articles: int, claims: int, actors: int, say) -> list[Figure]:
    """Generate the data unless exactly this much is already there."""
    have = (Article.objects.count(), Claim.objects.count(), Actor.objects.count())
    if have == (articles, claims, actors):
        say(f"Reusing {claims:,} claims, {articles:,} articles, {actors:,} actors.")
        return []
    from django.core.management import call_command

    from .generate import generate

    if any(have):
        say("Emptying the benchmark database…")
        call_command("flush", interactive=False, verbosity=0)
        revision.changed()
    say(f"Generating {claims:,} claims, {articles:,} articles, {actors:,} actors…")
    started = time.perf_counter()
    generate(articles, claims, actors)
    seconds = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum would do in a while: the visibility map that lets
        # counts read indexes alone (generate() has analyzed the tables;
        # VACUUM cannot run in a transaction, as in the tests).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    return [
        Figure(
            f"{label}: generate_data, {claims:,} claims", seconds, "s", target="minutes, not hours"
        )
    ]


# -- pages --------------------------------------------------------------------


def scenarios() -> dict[str, str]:
    """The timeline views the issue names, chosen from the data at hand."""
    ranked = (
        Claim.objects.public()
        .exclude(speaker=None)
        .values_list("speaker")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker")
    )
    busy = Actor.objects.get(pk=ranked.first()[0]).slug
    rare = Actor.objects.get(pk=ranked.last()[0]).slug
    first, last = (
        Claim.objects.order_by("stated_on").values_list("stated_on", flat=True).first(),
        Claim.objects.order_by("-stated_on").values_list("stated_on", flat=True).first(),
    )
    middle_day = first + (last - first) / 2
    middle = Claim.objects.public().filter(stated_on__gte=middle_day).order_by("stated_on", "id")
    token = f"{middle_day}~claim~{middle.values_list('id', flat=True).first()}"
    month = middle_day.replace(day=1)
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return {
        "timeline, first page": reverse("tracker:timeline"),
        "timeline, a page deep in the range": f"{reverse('tracker:timeline')}?after={token}",
        "timeline, one busy actor": f"{reverse('tracker:timeline')}?actor={busy}",
        "timeline, one rare actor": f"{reverse('tracker:timeline')}?actor={rare}",
        "timeline, a date range (one month)": (
            f"{reverse('tracker:timeline')}?date_after={month}&date_before={month_end}"
        ),
        "timeline, a text search": f"{reverse('tracker:timeline')}?q=ceasefire",
        "timeline, the JSON output": reverse("tracker:timeline_json"),
        # not named by the issue, timed all the same
        "actor list": reverse("tracker:actors"),
        "the busy actor's page": reverse("tracker:actor", args=[busy]),
    }


class WSGIRequester:
    """Requests pages as a WSGI server does (gunicorn calls the same
    application): an environ in, the status and the body out, the body
    closed. What is timed is the server's time, without the test client's
    own work around each request (it connects and disconnects signal
    receivers to capture templates, and decorates the response for
    assertions), which took about 0.08 ms a request, as much as a cached
    page takes."""

    def __init__(self):
        self.application = WSGIHandler()

    def status(self, url: str) -> int:
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            # behind the HTTPS proxy, as in production
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        started = []
        body = self.application(environ, lambda status, *_: started.append(status))
        try:
            for _ in body:
                pass
        finally:
            body.close()
        return int(started[0].split(" ", 1)[0])


@contextlib.contextmanager
def connection_kept_open():
    """The database connection kept open between requests, as production
    keeps it (CONN_MAX_AGE) and as the test client keeps it: without this,
    the end of each request would close the benchmark's connection (in a
    test, the connection holding the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def page_figures(label: str, repeats: int, say) -> list[Figure]:
    requester = WSGIRequester()
    with connection_kept_open():
        return [
            floor_figure(label, repeats, requester),
            *_page_figures(label, repeats, requester, say),
        ]


def floor_figure(label: str, repeats: int, requester: WSGIRequester) -> Figure:
    """What a request costs Django before a page does any work of its own:
    the health check (one ``SELECT 1``, no template, never cached) through
    every middleware, timed like the pages. A page made again cannot take
    less, so a page whose bare query takes under a third of this cannot be
    made again within three times its bare query by any view."""
    url = reverse("tracker:healthz")

    def get():
        status = requester.status(url)
        assert status == 200, (url, status)

    get()
    return Figure(
        f"{label}: the floor, a request that does nothing (the health check, one SELECT 1)",
        median_ms(get, repeats),
        "ms",
    )


def _page_figures(label: str, repeats: int, requester: WSGIRequester, say) -> list[Figure]:
    figures = []
    for name, url in scenarios().items():
        say(f"Timing {name}: {url}")

        def get(url=url):
            status = requester.status(url)
            assert status == 200, (url, status)

        def shown_changed(url=url):
            """What a change to something the page shows does: the page's
            recipe no longer matches, and the page is made again. (A real
            change also replays the recipe's queries up to the first that
            differs, at most the page's bare query once more.)"""
            revision.changed()
            page_cache.recipes().delete(page_cache.recipe_key(f"https://testserver{url}"))

        get()  # the actor picker, rendered once per change to the actors
        shown_changed()
        with CaptureQueriesContext(connection) as made:
            get()
        statements = [q["sql"] for q in made.captured_queries]

        def run_bare(statements=statements):
            _run_bare(statements)

        for state, before in (
            ("served from the cache", None),
            ("after a change elsewhere", revision.changed),
            ("made again after a change to what it shows", shown_changed),
            ("nothing cached", _forget_everything),
        ):
            # The bare query is timed after the same step as the page: the
            # step (Python moving the revision on, emptying caches) leaves
            # the processor's caches cold for whatever runs next, the bare
            # query as much as the page.
            value = median_ms(get, repeats, before=before)
            bare = median_ms(run_bare, repeats, before=before)
            ratio = round(value / bare, 2) if bare else None
            figures.append(
                Figure(
                    f"{label}: {name}, {state}",
                    value,
                    "ms",
                    ratio=ratio,
                    baseline=bare,
                    target=f"≤ {PAGE_TARGET_MS} ms and ≤ {BARE_RATIO_TARGET}× the bare query",
                    met=value <= PAGE_TARGET_MS and ratio is not None and ratio <= 3,
                )
            )
        figures.append(Figure(f"{label}: {name}, queries", len(statements), "queries"))
    return figures


def _forget_everything() -> None:
    """A new web process's first request after the data changed: no page, no
    rendered entry, no actor picker and no compiled query in its caches."""
    revision.changed()
    for cache in caches.all(initialized_only=True):
        cache.clear()
    rows.forget_compiled()


def _run_bare(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def admin_figures(label: str, repeats: int) -> list[Figure]:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("admin:tracker_claim_changelist")

    def get():
        assert client.get(url, secure=True).status_code == 200

    get()
    value = median_ms(get, repeats)
    return [
        Figure(
            f"{label}: admin claim list",
            value,
            "ms",
            target=f"< {ADMIN_TARGET_MS} ms",
            met=value < ADMIN_TARGET_MS,
        )
    ]


# -- ingest -------------------------------------------------------------------


def reuters_seed_files(folder: Path, corpus: Path) -> Path | None:
    """The Reuters sample written as seed files (once), or None without it."""
    from .evaluation.corpora import reuters

    if not corpus.is_dir():
        return None
    if not folder.is_dir() or not any(folder.iterdir()):
        folder.mkdir(parents=True, exist_ok=True)
        for name, published, body in reuters(corpus):
            (folder / f"{name}.txt").write_text(f"date {published}\n\n{body}\n", encoding="utf-8")
    return folder


def nlp_pipe_seconds(folder: Path, processes: int) -> tuple[float, int]:
    """Seconds spaCy's ``nlp.pipe`` alone takes over the seed files' texts,
    the pipeline already loaded, and how many texts: in a new process, as
    ``seed`` runs (see tracker/pipe_alone.py)."""
    finished = subprocess.run(
        [sys.executable, "-m", "tracker.pipe_alone", str(folder), str(processes)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"nlp.pipe failed: {finished.stderr.strip()[-500:]}")
    timing = json.loads(finished.stdout.strip().splitlines()[-1])
    return timing["seconds"], timing["texts"]


def timed_seed(folder: Path, jobs: int, database_url: str) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MB, the seed process and its workers
    together) of ``manage.py seed --jobs N`` into a fresh database, started
    as a separate process as a user would."""
    import psutil

    env = {**os.environ, "DATABASE_URL": database_url}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    process = psutil.Popen(
        [*manage, "seed", str(folder), "--jobs", str(jobs), "-v1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode not in (0, 1):  # 1: some files failed, reported below
        raise RuntimeError(f"seed failed: {err.strip()[-500:]}")
    lines = out.strip().splitlines()
    return seconds, peak / 2**20, lines[-1] if lines else ""


def ingest_figures(
    label: str, folder: Path, fresh_database: Callable[[], str], say, rounds: int = 2
) -> list:
    """spaCy's ``nlp.pipe`` alone and ``seed``, each in one process and in
    two, ``rounds`` times; the best time of each. These machines' speed
    drifts by up to a fifth over minutes: a baseline taken in a fast minute
    and a seed in a slow one would compare the machine, not the code. So the
    runs take turns, every other round in the opposite order (baseline,
    seed, seed, baseline: a steady drift favours neither side), and the best
    of each is kept."""
    pipe_times: dict[int, list[float]] = {1: [], 2: []}
    seed_times: dict[int, list[float]] = {1: [], 2: []}
    peaks: dict[int, float] = {1: 0.0, 2: 0.0}
    texts = sum(1 for _ in folder.glob("*.txt"))
    runs = [("pipe", 1), ("pipe", 2), ("seed", 1), ("seed", 2)]
    for round_number in range(1, rounds + 1):
        for what, n in runs if round_number % 2 else reversed(runs):
            if what == "pipe":
                plural = "es" * (n > 1)
                say(f"Round {round_number}: nlp.pipe alone in {n} process{plural}…")
                seconds, texts = nlp_pipe_seconds(folder, n)
                pipe_times[n].append(seconds)
                say(f"  {texts:,} texts in {seconds:.1f} s")
            else:
                say(f"Round {round_number}: seeding {texts:,} Reuters stories with --jobs {n}…")
                seconds, peak_mb, summary = timed_seed(folder, n, fresh_database())
                seed_times[n].append(seconds)
                peaks[n] = max(peaks[n], peak_mb)
                say(f"  {summary} in {seconds:.1f} s")
    pipe_rates = {n: texts / min(times) for n, times in pipe_times.items()}
    rates = {n: texts / min(times) for n, times in seed_times.items()}
    figures = [
        Figure(
            f"{label}: nlp.pipe alone, {texts:,} Reuters stories, {n} process{'es' * (n > 1)}",
            round(pipe_rates[n], 1),
            "articles/s",
        )
        for n in (1, 2)
    ]
    for jobs in (1, 2):
        peak_mb = peaks[jobs]
        figures.append(
            Figure(
                f"{label}: seed --jobs {jobs}, peak memory",
                round(peak_mb),
                "MB",
                target=f"< {MEMORY_TARGET_MB} MB",
                met=peak_mb < MEMORY_TARGET_MB,
            )
        )
        for processes in sorted({1, jobs}):
            ratio = rates[jobs] / pipe_rates[processes]
            figures.append(
                Figure(
                    f"{label}: seed --jobs {jobs} against nlp.pipe in {processes} "
                    f"process{'es' if processes > 1 else ''}",
                    round(rates[jobs], 1),
                    "articles/s",
                    ratio=round(ratio, 2),
                    baseline=round(pipe_rates[processes], 1),
                    target=f"≥ {NLP_RATIO_TARGET}×",
                    met=ratio >= NLP_RATIO_TARGET,
                )
            )
    speedup = rates[2] / rates[1]
    figures.append(
        Figure(
            f"{label}: seed --jobs 2 against --jobs 1",
            round(rates[2], 1),
            "articles/s",
            ratio=round(speedup, 2),
            baseline=round(rates[1], 1),
            target=f"≥ {JOBS_SPEEDUP_TARGET}×",
            met=speedup >= JOBS_SPEEDUP_TARGET,
        )
    )
    return figures


def fresh_database_factory(label: str) -> Callable[[], str]:
    """A function giving the address of a new, empty database of the same
    kind as the default one, for timing seed from scratch."""
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        path = Path(str(database["NAME"])).with_name("ingest.sqlite3")

        def fresh_sqlite() -> str:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"

        return fresh_sqlite
    name = f"{database['NAME']}_ingest"

    def fresh_postgres() -> str:
        recreate_postgres_database(name)
        user = database.get("USER") or "postgres"
        host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        return f"postgres://{user}{password}@{host}:{port}/{name}"

    return fresh_postgres


def _maintenance_connection():
    import psycopg

    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        autocommit=True,
    )


def ensure_postgres_database() -> None:
    """Create the default PostgreSQL database if it does not exist yet."""
    name = settings.DATABASES["default"]["NAME"]
    with _maintenance_connection() as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            maintenance.execute(f'CREATE DATABASE "{name}"')


def recreate_postgres_database(name: str) -> None:
    with _maintenance_connection() as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.execute(f'CREATE DATABASE "{name}"')


def production_like():
    """Settings as in production for the timed requests, but plain HTTP-less
    test requests accepted."""
    return override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)


def default_corpus() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "corpora" / "reuters21578-sample"


def default_seed_folder() -> Path:
    return Path(settings.BASE_DIR) / ".bench" / "reuters-seeds"
