"""Bad input to `seed` and to the admin's article form: a clear message naming
the file and the problem, nothing stored for it, the rest of the run intact,
and an exit status that tells."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tracker.extraction.document import MAX_SEED_BYTES
from tracker.models import Article, Claim

pytestmark = pytest.mark.django_db
GOOD = "date 2024-02-07\nHamas said it would study the proposal.\n"


def seed(*paths):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("seed", *map(str, paths), stdout=out, stderr=err)
    except CommandError as caught:
        error = caught
    return out.getvalue(), err.getvalue(), error


BAD_FILES = {
    "no-date.txt": (b"Hamas said it would study the proposal.\n", "no 'date YYYY-MM-DD' line"),
    "impossible.txt": (b"date 2024-02-30 Text.\n", "the date 2024-02-30 does not exist"),
    "future.txt": (b"date 2999-01-01 Text here.\n", "is in the future"),
    "empty.txt": (b"", "the file is empty"),
    "only-date.txt": (b"date 2024-02-07\n", "has a date but no text"),
    "binary.txt": (bytes(range(256)) * 20, "binary"),
    "mixed.txt": (
        b"date 2024-02-07 caf\xc3\xa9 and caf\x81\x8d\n",
        "neither UTF-8, UTF-16 nor Latin-1",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_named_with_its_problem_and_stores_nothing(tmp_path, name):
    content, message = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(GOOD)
    out, err, error = seed(tmp_path)
    assert f"{tmp_path / name}: " in err and message in err
    assert error is not None and error.returncode == 1
    assert "Stored 1, skipped 0, failed 1." in out
    assert Article.objects.get().source_name == "good.txt"


def test_latin1_and_utf16_are_decoded(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(
        "date 2024-02-07 The café owner said prices rose.\n".encode("latin-1")
    )
    (tmp_path / "utf16.txt").write_bytes(
        "date 2024-02-08 The naïve minister said talks failed.\n".encode("utf-16")
    )
    out, err, error = seed(tmp_path)
    assert error is None, err
    bodies = sorted(Article.objects.values_list("body", flat=True))
    assert bodies == ["The café owner said prices rose.", "The naïve minister said talks failed."]


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"date 2024-02-07 ")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"end")
    opened = []
    real_open = Path.open
    monkeypatch.setattr(
        Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k)
    )
    out, err, error = seed(path)
    assert f"the limit is {MAX_SEED_BYTES:,} bytes" in err
    assert path not in opened
    assert error is not None and Article.objects.count() == 0


def test_a_folder_with_thousands_of_files_and_some_bad_ones(tmp_path):
    for i in range(2000):
        (tmp_path / f"broken-{i:04d}.txt").write_text("no date line at all")
    for i in range(3):
        (tmp_path / f"good-{i}.txt").write_text(
            f"date 2024-02-0{i + 1}\nThe minister said talk {i} was useful.\n"
        )
    (tmp_path / "notes.md").write_text("not a seed file")
    out, err, error = seed(tmp_path)
    assert "Stored 3, skipped 0, failed 2000." in out
    assert err.count("no 'date YYYY-MM-DD' line") == 2000
    assert "notes.md" not in err
    assert error.returncode == 1
    assert Claim.objects.count() == 3


def test_a_path_that_does_not_exist(tmp_path):
    out, err, error = seed(tmp_path / "nowhere", tmp_path / "nowhere.txt")
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in err
    assert error is not None


def test_a_symbolic_link_loop_ends_the_walk_and_is_reported(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    os.symlink(folder, folder / "loop")  # a folder link back to itself: not followed
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")  # a file link loop
    out, err, error = seed(folder, tmp_path / "a.txt")
    assert "Stored 1" in out
    assert f"{tmp_path / 'a.txt'}: the link points nowhere or into a loop" in err
    assert error is not None
