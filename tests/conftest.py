"""A small cast of fixtures: the seed article, parsed and extracted once per
test session (the spaCy pipeline loads once), and a database with it stored."""

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_e699609d1bde1dc1.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: rolled-back tests reuse revision
    numbers, so pages cached by one must not be served to the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return SEED_FILE


@pytest.fixture(scope="session")
def published_pipeline():
    """spaCy's English pipeline as published, every component in its run:
    what the tracker's own pipeline is checked against."""
    import spacy

    from tracker.extraction.nlp import model_name

    return spacy.load(model_name())


@pytest.fixture(params=["seed", "own"])
def text(request, seed_document):
    """The seed article's text, then the module's own text (its ``own_text``
    fixture): a test that takes ``text`` runs on both."""
    return seed_document.body if request.param == "seed" else request.getfixturevalue("own_text")


@pytest.fixture(scope="session")
def seed_document(seed_file):
    from tracker.extraction import read_seed_file

    return read_seed_file(seed_file)


@pytest.fixture(scope="session")
def seed_extraction(seed_document):
    from tracker.extraction import extract

    return extract(seed_document)


@pytest.fixture(scope="session")
def seed_data(seed_extraction):
    return seed_extraction.as_dict()


@pytest.fixture(scope="session")
def extract_text():
    """Extract a small text written for a test: ``extract_text(body, date)``."""
    from tracker.extraction import Document, extract

    def run(body: str, published_on: dt.date = dt.date(2024, 2, 7)):
        return extract(Document(published_on=published_on, body=body, title="Test"))

    return run


@pytest.fixture
def seeded(db, seed_extraction):
    """The database with the seed article stored."""
    from tracker.ingest import store

    return store(seed_extraction).article


def write_seed(folder: Path, name: str, body: str, date: str = "2024-02-07") -> Path:
    path = folder / name
    path.write_text(f"date {date}\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def make_seed(tmp_path):
    def make(
        name="article.txt", body="The minister said the talks would resume.", date="2024-02-07"
    ):
        return write_seed(tmp_path, name, body, date)

    return make


# Flat factories for tests that need rows without running the extractor.

_counter = {"n": 0}


def _next():
    _counter["n"] += 1
    return _counter["n"]


def make_article(**fields):
    from tracker.models import Article

    n = _next()
    values = {
        "title": f"Article {n}",
        "published_on": dt.date(2024, 2, 7),
        "body": f"Body of article {n}. The minister said the talks would resume.",
        "source_name": f"{n}.txt",
        "sha256": f"{n:064d}",
    }
    values.update(fields)
    return Article.objects.create(**values)


def make_actor(name=None, **fields):
    from tracker.models import Actor, Alias

    name = name or f"Actor {_next()}"
    actor = Actor.objects.create(name=name, kind=fields.pop("kind", "person"), **fields)
    Alias.objects.create(actor=actor, name=name)
    return actor


def make_claim(article=None, speaker=None, **fields):
    from tracker.models import Claim

    article = article or make_article()
    values = {
        "kind": "reported",
        "text": "The minister said the talks would resume.",
        "start": 0,
        "end": 10,
        "stated_on": article.published_on,
    }
    values.update(fields)
    return Claim.objects.create(article=article, speaker=speaker, **values)


def make_event(article=None, actors=(), **fields):
    from tracker.models import Event

    article = article or make_article()
    values = {"title": "An attack", "occurred_on": dt.date(2023, 10, 7), "start": 0, "end": 5}
    values.update(fields)
    event = Event.objects.create(article=article, **values)
    event.articles.add(article)
    event.actors.set(actors)
    return event


def shares(share: float):
    """A stand-in for ``search.shares_of_claims`` that finds every word, and
    all of them together, in ``share`` of claims: 1.0 makes any words
    common, 0.0 rare."""
    return lambda words: (share, [share] * len(words))
