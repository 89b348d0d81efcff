"""Issue 14, "No backup/restore path": `manage.py backup DIR` / `manage.py restore DIR` round-trip.

The demo plus extra content (bookmarks, notes, read marks, a calendar token, an uploaded document and an
image with a rendition, tags, memberships) is backed up from one fresh database and restored into another
fresh, empty one — both of the kind the suite runs on (a SQLite file, or scratch PostgreSQL databases next to
the test database). Every row of every table and every media file's checksum must be identical, and the
search index must be rebuilt (searching the restored site finds the demo's documents).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from operations.liveserver import LivePortal

EXTRA = r"""
import io
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from library.models import LibraryItem, ItemAttachment
from study import services as study_services
from topics.models import CalendarToken
from tests.factories import UserFactory, MembershipFactory, TopicFactory
from organizations.models import Organization, OrganizationKind, Role

user = UserFactory(username="sao_luu", email="saoluu@example.org")
cell = Organization.objects.filter(kind=OrganizationKind.CELL).order_by("pk").first()
MembershipFactory(user=user, organization=cell, role=Role.SECRETARY)
items = list(LibraryItem.objects.filter(live=True).order_by("pk")[:3])
study_services.bookmark_set(user, items[0], True)
study_services.note_save(user, items[1], "Ghi chú cần giữ lại sau khi khôi phục: điều 3, khoản 2.")
study_services.readmark_set(user, items[2], read=True)
CalendarToken.objects.create(user=user)
items[0].tags.add(TopicFactory(name="Chủ đề sao lưu"))
doc = get_document_model().objects.create(title="Biên bản gốc", file=ContentFile(b"%PDF-1.4 noi dung" * 50, name="bien-ban.pdf"))
ItemAttachment.objects.create(item=items[0], document=doc, caption="Biên bản gốc")
buf = io.BytesIO(); PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
image = get_image_model().objects.create(title="Ảnh buổi sinh hoạt", file=ContentFile(buf.getvalue(), name="anh.png"))
image.get_rendition("width-20")
"""

ROWS = "exec(open('tests/hardening/rows.py').read())"


def _rows(portal: LivePortal, path: Path) -> dict:
    portal.manage("shell", "-c", ROWS + f"\nimport json; json.dump(table_rows(), open({str(path)!r}, 'w'), ensure_ascii=False)")
    return json.loads(path.read_text())


def _media(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    work = tmp_path_factory.mktemp("backup")
    source = LivePortal(work / "source")
    target = LivePortal(work / "target")
    try:
        source.migrate()
        source.manage("load_demo")
        source.shell(EXTRA)
        backup = work / "backup"
        out = source.manage("backup", backup).stdout
        target.migrate()
        restored = target.manage("restore", backup)
        yield {"source": source, "target": target, "backup": backup, "work": work, "backup_out": out,
               "restore_out": restored.stdout}
    finally:
        source.close()
        target.close()


def test_every_row_of_every_table_comes_back(round_trip):
    work = round_trip["work"]
    before = _rows(round_trip["source"], work / "before.json")
    after = _rows(round_trip["target"], work / "after.json")
    assert before.keys() == after.keys()
    wagtail_index = "wagtailsearch.indexentry"  # rebuilt whole: at least everything indexed before
    assert {tuple(k) for k in before.pop(wagtail_index)} <= {tuple(k) for k in after.pop(wagtail_index)}
    differing = [label for label in before if before[label] != after[label]]
    assert not differing, f"tables that differ after restore: {differing}"
    assert len(before["library.libraryitem"]) > 10 and len(before["organizations.membership"]) > 10
    assert before["study.bookmark"] and before["study.personalnote"] and before["library.taggeditem"]
    assert before["portal_search.searchentry"], "the search index was rebuilt"


def test_every_media_file_comes_back_with_its_checksum(round_trip):
    before = _media(round_trip["source"].media_root)
    after = _media(round_trip["target"].media_root)
    assert any(name.endswith(".pdf") for name in before) and any(".width-20." in name for name in before)
    assert before == after


def test_the_manifest_lists_every_table_and_file_with_checksums(round_trip):
    manifest = json.loads((round_trip["backup"] / "manifest.json").read_text())
    assert manifest["tables"]["organizations.membership"]["rows"] > 10
    assert all(len(t["sha256"]) == 64 for t in manifest["tables"].values())
    assert set(manifest["media"]) == set(_media(round_trip["source"].media_root))


def test_restored_site_searches_and_logs_in(round_trip):
    target = round_trip["target"]
    out = target.shell("from django.contrib.auth import authenticate; "
                       "print(bool(authenticate(username='tuphap.hanh', password='Demo-2026-tup01')))")
    assert out.strip().endswith("True")
    out = target.shell("from organizations.access import Viewer; from search import service; "
                       "print(service.search(Viewer(None), 'sinh hoạt chi bộ').count)")
    assert int(out.strip().splitlines()[-1]) > 0


def test_restore_refuses_a_database_with_content_unless_forced(round_trip):
    target, backup = round_trip["target"], round_trip["backup"]
    refused = target.manage("restore", backup, check=False)
    assert refused.returncode != 0 and "không trống" in refused.stderr and "--force" in refused.stderr
    forced = target.manage("restore", backup, "--force", check=False)
    assert forced.returncode == 0, forced.stderr


def test_restore_refuses_a_damaged_backup(round_trip, tmp_path):
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(round_trip["backup"], copy)
    victim = next((copy / "db").glob("library.libraryitem.jsonl"))
    victim.write_text(victim.read_text().replace("Chỉ thị", "Chi thi", 1))
    refused = round_trip["target"].manage("restore", copy, "--force", check=False)
    assert refused.returncode != 0 and "sai mã kiểm tra" in refused.stderr
