"""The caches of recipes and rendered parts keep objects as given
(tracker.object_cache), with the limits, expiry and culling of Django's
local-memory cache."""

import time
import warnings

import pytest
from django.core.cache import caches
from django.utils.safestring import SafeString

from tracker import fragments, page_cache
from tracker.object_cache import ObjectCache


def fresh(**options) -> ObjectCache:
    return ObjectCache(f"test-{time.monotonic_ns()}", {"OPTIONS": options})


def test_it_gives_back_the_object_it_was_given():
    cache = fresh()
    rows = [("2024-02-07", 1), ("2024-02-08", 2)]
    cache.set("rows", rows)
    assert cache.get("rows") is rows
    assert cache.get("missing", "default") == "default"


def test_it_forgets_a_value_whose_time_is_up():
    cache = fresh()
    cache.set("short", [1], timeout=-1)
    cache.set("long", [2], timeout=60)
    assert cache.get("short") is None
    assert cache.get("long") == [2]


def test_it_culls_the_least_recently_used_when_full():
    cache = fresh(MAX_ENTRIES=3, CULL_FREQUENCY=3)
    for name in ("a", "b", "c"):
        cache.set(name, [name])
    cache.get("a")  # used: "b" is now the least recently used
    cache.set("d", ["d"])
    assert [cache.get(name) for name in "abcd"] == [["a"], None, ["c"], ["d"]]


def test_add_keeps_what_is_there_and_incr_adds():
    cache = fresh()
    assert cache.add("n", 1)
    assert not cache.add("n", 5)
    assert cache.incr("n", 2) == 3 and cache.get("n") == 3
    with pytest.raises(ValueError):
        cache.incr("nothing")


@pytest.mark.django_db
def test_a_page_keeps_its_recipe_unpickled(client, seeded):
    client.get("/")
    recipe = page_cache.recipes().get(page_cache.recipe_key("http://testserver/"))
    assert recipe is page_cache.recipes().get(page_cache.recipe_key("http://testserver/"))
    assert isinstance(caches["recipes"], ObjectCache)


@pytest.mark.parametrize("using", ["parts", "fragments"])
def test_rendered_parts_are_kept_unpickled(using):
    made = []

    def make():
        made.append(SafeString("<ol class='entries'></ol>"))
        return made[-1]

    content = ("a test's own content", time.monotonic_ns())
    first = fragments.kept("probe", content, make, using=using)
    assert fragments.kept("probe", content, make, using=using) is first
    assert made == [first]
    assert isinstance(caches[using], ObjectCache)


def test_it_takes_keys_memcached_would_refuse():
    """Its keys are made by the tracker; checking them cost every get."""
    cache = fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.set("a key with spaces " + "x" * 250, [1])
        assert cache.get("a key with spaces " + "x" * 250) == [1]
