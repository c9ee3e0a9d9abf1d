"""Pure-Python extraction: plain text in, plain data out. No Django here, so it
can be tested and reused without a database.

spaCy is imported only when something asks for the pipeline, so web processes
that merely read the word lists stay light.
"""

from .document import Document, SeedError, parse_seed, read_seed_file

__all__ = [
    "Document",
    "Extraction",
    "SeedError",
    "extract",
    "extract_many",
    "parse_seed",
    "read_seed_file",
]


def __getattr__(name):
    if name in {"Extraction", "extract", "extract_many"}:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
