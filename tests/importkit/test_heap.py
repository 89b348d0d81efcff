"""Bulk imports and the cycle collector (``importkit.heap``)."""
import gc

import pytest

from library.importing import runner
from tests.commands import run_command, write_jsonl


@pytest.mark.django_db
def test_an_import_sets_the_start_up_objects_aside_and_gives_them_back(tmp_path, monkeypatch):
    """While lines are imported the collector skips the objects loaded before (importkit.heap); afterwards
    nothing stays frozen, so the garbage of one import is reclaimed before the next (tests, load_demo)."""
    frozen_while_importing = []
    real = runner.LibraryImporter.run

    def run(self, lines):
        frozen_while_importing.append(gc.get_freeze_count())
        return real(self, lines)

    monkeypatch.setattr(runner.LibraryImporter, "run", run)
    path = write_jsonl(tmp_path / "mot.jsonl", [{"type": "organization", "name": "Đảng bộ Thử Bộ nhớ"}])
    before = gc.get_freeze_count()
    code, _out, _err = run_command("import_library", path)
    assert code == 0
    assert frozen_while_importing[0] > before + 10_000  # Django, the apps, Wagtail: set aside
    assert gc.get_freeze_count() == before
