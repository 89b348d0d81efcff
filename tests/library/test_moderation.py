"""Moderation by default and scheduled publishing (issue 18), exercised through the admin.

Staff of Đảng bộ X write a document with a go-live time and submit it to "Cấp ủy duyệt"; staff above X review it
(dashboard, e-mail, approve); staff of the sibling Đảng bộ Y never see it, are never mailed and get 404 on its
workflow screens. Approved, the document stays off every surface until its go-live time, then goes live (the
portal's scheduled-publishing check or `publish_scheduled`); past its expiry it leaves every surface at once.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from library.models import LibraryItem
from library.moderation import WORKFLOW_NAME, CommitteeApprovalTask
from organizations.models import OrganizationKind, Role
from tests.factories import LibraryItemFactory, MembershipFactory, OrganizationFactory
# The search engines (database, and Elasticsearch marked `elasticsearch`) for the "search" surface.
from tests.search.conftest import _fresh_vocabulary, db_settings, engine, es_settings  # noqa: F401

pytestmark = pytest.mark.django_db
TITLE = "Hướng dẫn DUYETLICH về sinh hoạt chuyên đề năm mới"


@pytest.fixture
def org():
    root = OrganizationFactory(name="Đảng bộ Tỉnh Kiểm Duyệt", kind=OrganizationKind.COMMITTEE)
    x = OrganizationFactory(name="Đảng bộ Khối Kiểm Duyệt X", parent=root)
    y = OrganizationFactory(name="Đảng bộ Khối Kiểm Duyệt Y", parent=root)
    people = {
        "writer": MembershipFactory(organization=x, role=Role.STAFF, user__username="viet_x").user,
        "reviewer": MembershipFactory(organization=root, role=Role.STAFF, user__username="duyet_tinh").user,
        "sibling": MembershipFactory(organization=y, role=Role.STAFF, user__username="cb_y").user,
    }
    return {"root": root, "x": x, "y": y, "people": people}


def form(issuer, **overrides):
    data = {
        "item_type": "document", "kind": "HD", "symbol": "31-HD/ĐUK", "issuer": issuer.pk, "title": TITLE,
        "issued_on": "02/01/2030", "effective_from": "", "expired_on": "", "validity": "con_hieu_luc",
        "signer": "", "field": "", "tags": "", "summary": "Tóm tắt.", "body": rich_text("<p>Nội dung.</p>"),
        "sections": streamfield([]), "purpose": "", "guide": "", "discussion_questions": "",
        "conclusion_template": "", "attachments": inline_formset([]), "relations_out": inline_formset([]),
        "visibility": "public", "go_live_at": "", "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def login(client, user):
    client.force_login(user)
    return client


def test_the_migration_assigns_the_committee_workflow_to_library_items():
    workflow = LibraryItem().get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    task = workflow.workflow_tasks.get().task.specific
    assert isinstance(task, CommitteeApprovalTask) and task.groups.filter(name="Cán bộ đảng ủy").exists()


def test_draft_submit_approve_then_live_at_its_go_live_time(client, org, settings):
    people = org["people"]
    go_live = timezone.localtime() + dt.timedelta(hours=2)
    login(client, people["writer"])
    add = client.post(reverse("wagtailsnippets_library_libraryitem:add"),
                      form(org["x"], go_live_at=go_live.strftime("%Y-%m-%d %H:%M")))
    assert add.status_code == 302, add.content.decode()[:2000]
    item = LibraryItem.objects.get(title=TITLE)
    assert not item.live and item.go_live_at is not None

    # Submit to "Cấp ủy duyệt": only the reviewer above X is told.
    mail.outbox.clear()
    edit_url = reverse("wagtailsnippets_library_libraryitem:edit", args=[item.pk])
    submit = client.post(edit_url, form(org["x"], go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
                                        **{"action-submit": "submit"}))
    assert submit.status_code == 302, submit.content.decode()[:2000]
    state = WorkflowState.objects.get(object_id=str(item.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    told = {address for message in mail.outbox for address in message.to}
    assert people["reviewer"].email in told
    assert people["sibling"].email not in told and people["writer"].email not in told
    assert all(TITLE not in message.body for message in mail.outbox if people["sibling"].email in message.to)

    # The sibling đảng bộ's staff: nothing on the dashboard, 404 on the item's workflow screens.
    sibling = login(client.__class__(), people["sibling"])
    assert "DUYETLICH" not in sibling.get(reverse("wagtailadmin_home")).content.decode()
    action_url = reverse("wagtailsnippets_library_libraryitem:workflow_action",
                         args=[item.pk, "approve", task_state.pk])
    assert sibling.post(action_url, {}).status_code == 404
    assert sibling.get(reverse("wagtailsnippets_library_libraryitem:edit", args=[item.pk])).status_code == 404
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The reviewer sees it waiting and approves it.
    reviewer = login(client.__class__(), people["reviewer"])
    assert "DUYETLICH" in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    task = task_state.task.specific
    assert [a[0] for a in task.get_actions(item, people["reviewer"])] == ["reject", "approve", "approve"]
    assert task.get_actions(item, people["sibling"]) == []
    assert task.locked_for_user(item, people["sibling"]) and not task.locked_for_user(item, people["reviewer"])
    assert list(task.get_task_states_user_can_moderate(people["sibling"])) == []
    approved = reviewer.post(action_url, {})
    assert approved.status_code in (200, 302), approved.content.decode()[:2000]
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED

    # Approved but before its go-live time: on no surface.
    item.refresh_from_db()
    anonymous = client.__class__()
    assert not item.live
    assert anonymous.get(item.get_absolute_url()).status_code == 404
    assert anonymous.get(reverse("library:api-item", args=[item.pk])).status_code == 404
    assert "DUYETLICH" not in anonymous.get(reverse("feed-library")).content.decode()

    # At its go-live time the portal's scheduled-publishing check makes it live.
    settings.SCHEDULED_PUBLISHING_INTERVAL = 60
    with freeze_time(go_live + dt.timedelta(minutes=1)):
        assert anonymous.get(reverse("home")).status_code == 200  # any request runs the check
        item.refresh_from_db()
        assert item.live
        page = anonymous.get(item.get_absolute_url())
        assert page.status_code == 200 and "DUYETLICH" in page.content.decode()
        assert "DUYETLICH" in anonymous.get(reverse("feed-library")).content.decode()


def test_reviewers_scope_follows_the_privacy_layer(org):
    people = org["people"]
    item = LibraryItemFactory(issuer=org["x"], live=False, title="Văn bản chờ duyệt PHAMVI")
    task = CommitteeApprovalTask.objects.get(name="Cấp ủy duyệt")
    assert task.is_reviewer(item, people["reviewer"]) and task.is_reviewer(item, people["writer"])
    assert not task.is_reviewer(item, people["sibling"])
    assert set(task.reviewers(item)) == {people["reviewer"], people["writer"]}


def test_past_its_expiry_an_item_leaves_every_surface(client, org, engine, settings):
    item = LibraryItemFactory(title="Thông báo HETHAN về lịch học tập", kind="TB", symbol="77-TB/ĐUK",
                              issuer=org["x"], expire_at=timezone.now() + dt.timedelta(hours=1))
    engine.sync()
    assert any(r["url"].endswith(item.get_absolute_url()) for r in engine.api(q="HETHAN")["results"])
    later = timezone.now() + dt.timedelta(hours=2)
    with freeze_time(later):
        # Hidden at once by the privacy layer, before anything unpublishes it.
        assert client.get(item.get_absolute_url()).status_code == 404
        assert client.get(reverse("library:api-item", args=[item.pk])).status_code == 404
        assert "HETHAN" not in client.get(reverse("feed-library")).content.decode()
        assert item.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
        assert "HETHAN" not in client.get(reverse("library:index")).content.decode()
        # Then the scheduled check unpublishes it and search forgets it, on both engines.
        call_command("publish_scheduled")
        item.refresh_from_db()
        assert not item.live and item.expired
        engine.sync()
        assert engine.api(q="HETHAN")["count"] == 0


def test_an_item_waiting_for_its_go_live_is_not_searchable_until_then(org, engine):
    item = LibraryItemFactory(title="Kế hoạch CHODANG học tập quý III", kind="KH", symbol="78-KH/ĐUK",
                              issuer=org["x"], live=False)
    item.go_live_at = timezone.now() + dt.timedelta(hours=1)
    item.save()
    item.save_revision(user=org["people"]["reviewer"]).publish(user=org["people"]["reviewer"])
    item.refresh_from_db()
    assert not item.live
    engine.sync()
    assert engine.api(q="CHODANG")["count"] == 0
    with freeze_time(timezone.now() + dt.timedelta(hours=2)):
        from library.scheduling import publish_due

        assert publish_due() == 1
        engine.sync()
        assert engine.api(q="CHODANG")["count"] == 1
