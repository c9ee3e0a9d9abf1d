"""Public pages served from the cache until the data changes.

A rendered page is stored under the data revision (tracker/revision.py) and
its full address; any change to what readers see moves the revision on, so a
reader never gets a page older than the data. Pages are the same for every
reader (no one is signed in on the public site), so one copy serves all. An
editor signed in always gets a fresh page.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache

from . import revision


def cached_page(view):
    """Serve ``view`` from the cache while the revision is unchanged: one
    query (the revision) when cached. Streaming responses are never cached."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        number = revision.current()
        if number is None:
            return view(request, *args, **kwargs)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"tracker:page:{number}:{hashlib.sha256(address.encode()).hexdigest()}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if not response.streaming and response.status_code < 500:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
