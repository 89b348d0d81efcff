"""Each finding of the admin privacy review, as the user who found it would check it.

The generated matrix (test_admin_matrix.py) walks every object URL; these tests cover what a URL walk
cannot: form fields and POSTed ids, listings that gather many objects (site history, autocomplete, usage,
"select all" bulk actions), the topic lists of the public site, and the importers.
"""
from __future__ import annotations

import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from library.models import LibraryItem, Relation, Visibility
from organizations.models import Organization
from tests.access.admin_world import admin_world, marker  # noqa: F401  (fixture)
from tests.factories import LibraryItemFactory, MeetingFactory, OrganizationFactory, TopicFactory
from topics.models import Meeting, MeetingMaterial

pytestmark = pytest.mark.django_db


def _org(name):
    return Organization.objects.get(name=name)


def _tag(item, topic):
    item.tags.add(topic)
    item.save()  # a cluster's tags are written when the item is saved
    ReferenceIndex.create_or_update_for_object(item)


@pytest.fixture
def b1_secret(admin_world):
    """A document restricted to cell B1: secretary and staff of A may not see it."""
    return LibraryItemFactory(kind="NQ", symbol="09-NQ/B1", title="Nghị quyết riêng MKBONESECRET",
                              issuer=_org("Đảng bộ Khối Quản Trị B"), visibility=Visibility.RESTRICTED,
                              allowed=[_org("Chi bộ Quản Trị B1")])


# -- site history ----------------------------------------------------------------------------------------------
def test_site_history_shows_staff_only_their_own_dang_bos_edits(admin_world):
    url = reverse("wagtailadmin_reports:site_history")
    own = admin_world.client("staff_a").get(url).content.decode()
    other = admin_world.client("staff_b").get(url).content.decode()
    assert marker("dang_bo", "title") in own
    for key in ("cell", "dang_bo", "public", "internal"):
        assert marker(key, "title") not in other, key


# -- meeting form: pack, resolution, materials -----------------------------------------------------------------
def _meeting_form(meeting, **changes):
    data = {
        "cell": meeting.cell_id, "title": meeting.title, "topic": "", "pack": "", "resolution": "",
        "scheduled_at": meeting.scheduled_at.strftime("%Y-%m-%d %H:%M"), "duration_minutes": 90, "place": "",
        "presenters": "", "upper_member": "", "status": meeting.status, "status_reason": "",
        "attendance_present": "", "attendance_total": "", "chair": "", "minutes_secretary": "", "guests": "",
        "agenda": "", "speakers": "", "opinions": "", "minutes": meeting.minutes, "conclusion": meeting.conclusion,
        "score": "", "materials": inline_formset([]), "absentees": inline_formset([]),
        "speeches": inline_formset([]), "tasks": inline_formset([]),
    }
    for f in ("q_duration", "q_attendance", "q_preparation", "q_conduct", "q_chairing", "q_principles",
              "q_previous_results", "q_closing"):
        data[f] = ""
    data.update(changes)
    return nested_form_data(data)


@pytest.mark.parametrize("field", ["resolution", "pack", "material"])
def test_secretary_cannot_attach_another_cells_restricted_item(admin_world, b1_secret, field):
    meeting = admin_world.objects["meeting"]["item"]
    client = admin_world.client("secretary_a1")
    url = reverse("wagtailsnippets_topics_meeting:edit", args=[meeting.pk])
    if field == "material":
        change = {"materials": inline_formset([{"item": b1_secret.pk, "required": "on"}])}
    else:
        change = {field: b1_secret.pk}
    response = client.post(url, _meeting_form(meeting, **change))
    assert response.status_code == 200
    assert "không tồn tại hoặc bạn không có quyền chọn" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.pack_id is None and meeting.resolution_id is None
    assert not MeetingMaterial.objects.filter(meeting=meeting).exists()
    assert "MKBONESECRET" not in client.get(url).content.decode()


def test_secretary_may_attach_what_they_may_see(admin_world):
    meeting = admin_world.objects["meeting"]["item"]
    visible = admin_world.objects["cell"]["item"]
    client = admin_world.client("secretary_a1")
    url = reverse("wagtailsnippets_topics_meeting:edit", args=[meeting.pk])
    response = client.post(url, _meeting_form(meeting, resolution=visible.pk, materials=inline_formset(
        [{"item": visible.pk, "required": "on"}])))
    assert response.status_code == 302, response.content.decode()[-1500:]
    meeting.refresh_from_db()
    assert meeting.resolution == visible and meeting.materials.get().item == visible


def test_a_choice_made_by_wider_staff_is_kept_and_not_shown(admin_world, b1_secret):
    """Province staff set a pack the secretary may not see: their edit page names nothing, saving keeps it."""
    meeting = admin_world.objects["meeting"]["item"]
    Meeting.objects.filter(pk=meeting.pk).update(pack=b1_secret)
    client = admin_world.client("secretary_a1")
    url = reverse("wagtailsnippets_topics_meeting:edit", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "MKBONESECRET" not in page and "09-NQ/B1" not in page
    assert client.post(url, _meeting_form(meeting, place="Hội trường")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.pack_id == b1_secret.pk and meeting.place == "Hội trường"


# -- library item form: relations, guide, attachments, embedded images -------------------------------------------
def _item_form(item, **changes):
    data = {
        "item_type": "document", "kind": item.kind, "symbol": item.symbol, "issuer": item.issuer_id,
        "title": item.title, "issued_on": item.issued_on.strftime("%d/%m/%Y"), "effective_from": "",
        "validity": "con_hieu_luc", "signer": "", "field": "", "tags": "", "summary": item.summary,
        "body": rich_text("<p>Nội dung.</p>"), "sections": streamfield([]), "purpose": "", "guide": "",
        "discussion_questions": "", "conclusion_template": "", "attachments": inline_formset([]),
        "relations_out": inline_formset([]), "visibility": item.visibility,
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def b_item(admin_world):
    """A public document of đảng bộ B, edited by B's staff."""
    return LibraryItemFactory(kind="KH", symbol="05-KH/B", title="Kế hoạch của đảng bộ B",
                              issuer=_org("Đảng bộ Khối Quản Trị B"))


@pytest.mark.parametrize("what", ["relation", "guide", "attachment", "embedded image", "linked document"])
def test_staff_cannot_link_another_dang_bos_restricted_material(admin_world, b_item, what):
    secret = admin_world.objects["cell"]["item"]
    doc, image = admin_world.objects["cell"]["files"]
    changes = {
        "relation": {"relations_out": inline_formset([{"relation_type": "cites", "target": secret.pk,
                                                       "target_symbol": ""}])},
        "guide": {"guide": secret.pk},
        "attachment": {"attachments": inline_formset([{"document": doc.pk, "caption": "x"}])},
        "embedded image": {"body": rich_text(
            f'<p>Sơ đồ</p><embed embedtype="image" id="{image.pk}" format="fullwidth" alt="x"/>')},
        "linked document": {"body": rich_text(f'<p><a linktype="document" id="{doc.pk}">tệp</a></p>')},
    }[what]
    client = admin_world.client("staff_b")
    url = reverse("wagtailsnippets_library_libraryitem:edit", args=[b_item.pk])
    response = client.post(url, _item_form(b_item, **changes))
    assert response.status_code == 200, what
    body = response.content.decode()
    assert "bạn không có quyền chọn" in body
    assert marker("cell", "title") not in body and marker("cell", "doctitle") not in body
    assert not Relation.objects.filter(source=b_item).exists()
    b_item.refresh_from_db()
    assert b_item.guide_id is None and not b_item.attachments.exists() and str(image.pk) not in b_item.body


# -- lists of many objects: tag autocomplete, usage, bulk "select all" ------------------------------------------
def test_topic_autocomplete_offers_only_topics_the_editor_may_see(admin_world):
    secret_topic = TopicFactory(name="Bảo vệ bí mật MKTOPICSECRET")
    _tag(admin_world.objects["cell"]["item"], secret_topic)
    url = reverse("wagtailadmin_tag_model_autocomplete", args=["topics", "topic"])
    assert admin_world.client("staff_b").get(url, {"term": "Bảo vệ"}).json() == []
    assert admin_world.client("staff_a").get(url, {"term": "Bảo vệ"}).json() == [secret_topic.name]


def test_topic_usage_lists_only_visible_items(admin_world):
    topic = TopicFactory(name="Chủ đề dùng chung")
    for key in ("public", "cell"):
        _tag(admin_world.objects[key]["item"], topic)
    url = reverse("wagtailsnippets_topics_topic:usage", args=[topic.pk])
    other = admin_world.client("staff_b").get(url).content.decode()
    assert marker("public", "title") in other and marker("cell", "title") not in other
    assert marker("cell", "title") in admin_world.client("staff_a").get(url).content.decode()


def test_select_all_bulk_delete_offers_only_own_meetings(admin_world):
    own = MeetingFactory(cell=_org("Chi bộ Quản Trị B1"), title="Buổi của B1")
    client = admin_world.client("staff_b")
    url = reverse("wagtail_bulk_action", args=["topics", "meeting", "delete"]) + "?id=all"
    page = client.get(url).content.decode()
    assert "Buổi của B1" in page and marker("meeting", "title") not in page
    client.post(url)
    assert Meeting.objects.filter(pk=admin_world.objects["meeting"]["item"].pk).exists()
    assert not Meeting.objects.filter(pk=own.pk).exists()


def test_admin_api_file_listings_are_for_superusers_only(admin_world):
    for path in ("/admin/api/main/documents/", "/admin/api/main/images/"):
        response = admin_world.client("staff_b").get(path)
        assert response.status_code == 404
        assert marker("cell", "doctitle") not in response.content.decode()


# -- the public site's topic lists -------------------------------------------------------------------------------
def test_a_topic_used_only_by_a_restricted_item_is_not_shown(admin_world, client):
    secret_topic = TopicFactory(name="Chủ đề kín MKTOPICONLY")
    _tag(admin_world.objects["cell"]["item"], secret_topic)
    for url in ("/", reverse("topics:topic_index")):
        assert "MKTOPICONLY" not in client.get(url).content.decode(), url
        assert "MKTOPICONLY" not in admin_world.client("member_b1").get(url).content.decode(), url
    assert client.get(secret_topic.get_absolute_url()).status_code == 404
    assert "MKTOPICONLY" in admin_world.client("member_a1").get("/").content.decode()
    assert admin_world.client("member_a1").get(secret_topic.get_absolute_url()).status_code == 200


# -- importers ---------------------------------------------------------------------------------------------------
HEADER = """ĐẢNG BỘ KHỐI QUẢN TRỊ A
Số 101-HD/QT
Hà Nội, ngày 15 tháng 5 năm 2020
HƯỚNG DẪN
về sinh hoạt
Nội dung MKRESTRICTEDFILE dành riêng cho chi bộ.
"""


def test_import_files_never_attaches_a_cell_file_to_a_public_item(admin_world, tmp_path, client):
    public = admin_world.objects["public"]["item"]
    path = tmp_path / "huong-dan.txt"
    path.write_text(HEADER.replace("101-HD/QT", public.symbol), encoding="utf-8")
    before = (public.attachments.count(), LibraryItem.objects.get(pk=public.pk).body)
    with pytest.raises(CommandError):
        call_command("import_files", str(path), "--cells", "Chi bộ Quản Trị A1", stdout=(out := _Out()))
    text = out.text
    assert "công khai" in text and "hạn chế: Chi bộ Quản Trị A1" in text and f"#{public.pk}" in text
    public.refresh_from_db()
    assert (public.attachments.count(), public.body) == before and public.visibility == Visibility.PUBLIC
    assert "MKRESTRICTEDFILE" not in client.get(public.get_absolute_url()).content.decode()


def test_import_files_may_add_a_file_to_an_item_with_the_same_audience(admin_world, tmp_path):
    restricted = admin_world.objects["cell"]["item"]
    path = tmp_path / "ban-pdf.txt"
    path.write_text(HEADER.replace("101-HD/QT", restricted.symbol), encoding="utf-8")
    call_command("import_files", str(path), "--cells", "Chi bộ Quản Trị A1", stdout=_Out())
    assert restricted.attachments.count() == 2


def test_import_files_refuses_symbolic_links(admin_world, tmp_path):
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0 MKSYSTEMFILE", encoding="utf-8")
    folder = tmp_path / "nhap"
    folder.mkdir()
    os.symlink(secret, folder / "lien-ket.txt")
    os.symlink(secret.parent, folder / "thu-muc-lien-ket")
    before = LibraryItem.objects.count()
    with pytest.raises(CommandError):
        call_command("import_files", str(folder), str(folder / "lien-ket.txt"), stdout=(out := _Out()))
    assert LibraryItem.objects.count() == before
    assert not LibraryItem.objects.filter(body__contains="MKSYSTEMFILE").exists()
    assert out.text.count("không phải tệp thường") == 3


def test_import_library_refuses_a_restricted_line_over_a_public_item(admin_world, tmp_path):
    public = admin_world.objects["public"]["item"]
    line = {"type": "document", "kind": "HD", "symbol": public.symbol, "title": public.title,
            "issuer": public.issuer.name, "issued_on": public.issued_on.isoformat(), "public": False,
            "cells": ["Chi bộ Quản Trị A1"], "body": "<p>Nội dung hạn chế MKRESTRICTEDLINE</p>"}
    path = tmp_path / "thu-vien.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_library", str(path), stdout=(out := _Out()), stderr=out)
    assert "line 1:" in out.text and "công khai" in out.text and "Chi bộ Quản Trị A1" in out.text
    public.refresh_from_db()
    assert public.visibility == Visibility.PUBLIC and "MKRESTRICTEDLINE" not in public.body


class _Out:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self):
        return "".join(self.parts)
