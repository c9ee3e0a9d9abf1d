"""spaCy's ``nlp.pipe`` alone over the texts of seed files: the baseline
seeding is measured against (tracker/bench.py), timed in a process of its own.

Run as ``python -m tracker.pipe_alone FOLDER PROCESSES``; prints
``{"seconds": …, "texts": …}``. The clock starts once the pipeline is loaded
and every text read. A process of its own, because spaCy parses texts it has
met before faster: in one process, a second pass over the first 600 Reuters
stories took 12–20% less time than the first. ``seed`` meets each text once,
in a new process, so its baseline must too. Imports no Django.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy

from tracker.extraction import read_seed_file
from tracker.extraction.nlp import model_name


def pipe_seconds(folder: Path, processes: int) -> tuple[float, int]:
    """Seconds ``nlp.pipe`` takes over the texts of the seed files in
    ``folder``, in ``processes`` processes, and how many texts. The pipeline
    is spaCy's as it is published, every component running (seeding stops
    its lemmatizer and adds a component of its own, see
    tracker/extraction/nlp.py)."""
    texts = [read_seed_file(path).body for path in sorted(folder.glob("*.txt"))]
    nlp = spacy.load(model_name())
    nlp.max_length = 10_000_000
    list(nlp.pipe(["Warm up."]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes):
        pass
    return time.perf_counter() - started, len(texts)


def main(argv: list[str]) -> None:
    folder, processes = Path(argv[0]), int(argv[1])
    seconds, texts = pipe_seconds(folder, processes)
    print(json.dumps({"seconds": seconds, "texts": texts}))


if __name__ == "__main__":
    main(sys.argv[1:])
