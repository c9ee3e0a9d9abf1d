"""A local-memory cache that keeps the objects it is given, not their pickles."""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectCache(LocMemCache):
    """Django's local-memory cache (the same limits, expiry and culling),
    storing each value as given: a get returns the object that was set,
    shared with whoever set it and with every other get.

    Only for values nobody changes once stored: the page recipes
    (tracker/page_cache.py) and rendered text (tracker/fragments.py). The
    recipes are large: a first page's recipe is about 250 rows of a dozen
    columns, and pickling it took about 200 µs of making the page again on
    SQLite, unpickling it 90 µs of checking the page after a change. Like
    any local-memory cache, it is per process.

    Keys are not checked for memcached: they are digests made by this code
    (template fragments, fragments.kept, page recipes), never longer than
    250 characters nor holding spaces, and the check walked each key's
    characters in Python at every get and set, several of them per page
    made again. Its values are objects, so it never leaves the process."""

    def validate_key(self, key):
        pass

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value
