"""A parsed document is freed as soon as its extraction is done, by reference
counting alone: nothing the finders keep on it points back at it. Seeding
thousands of articles then holds one Doc at a time, not every Doc since the
garbage collector's last full pass."""

import gc
import weakref
from pathlib import Path

from tracker.extraction import read_seed_file
from tracker.extraction.nlp import parse
from tracker.extraction.pipeline import extract_from_doc

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_e699609d1bde1dc1.txt"


def test_a_parsed_document_is_freed_once_it_is_extracted():
    document = read_seed_file(SEED)
    doc = parse(document.body)
    extraction = extract_from_doc(document, doc)
    assert extraction.claims  # the finders did read it
    still_there = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert still_there() is None
    finally:
        gc.enable()
