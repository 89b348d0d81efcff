"""Issue 14, audit log: publish/unpublish, visibility and scope changes, role changes, logins and lockouts
(who, what, when, from where), readable by superusers and by staff for their own đảng bộ only."""
import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from library.models import Visibility
from organizations.access import Viewer
from tests.factories import LibraryItemFactory, MembershipFactory, UserFactory
from organizations.models import Role

pytestmark = pytest.mark.django_db


def _entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_visibility_and_scope_changes_are_logged_with_who_and_where(world):
    item = world.items["internal"]
    from operations.audit import _request
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/", REMOTE_ADDR="198.51.100.7")
    request.user = world.users["superuser"]
    token = _request.set(request)
    try:
        item.visibility = Visibility.RESTRICTED
        item.save()
        item.allowed_orgs.add(world.cell_b)
        item.save()  # modelcluster writes the relation when the item is saved
        item.allowed_orgs.remove(world.cell_b)
        item.save()
    finally:
        _request.reset(token)
    [vis] = _entries("sotay.visibility")
    assert vis.object_id == str(item.pk) and vis.user == world.users["superuser"]
    assert vis.data == {"old": "internal", "new": "restricted", "ip": "198.51.100.7"}
    scope = [e for e in _entries("sotay.scope") if e.object_id == str(item.pk)]
    assert [e.data.get("added") or e.data.get("removed") for e in scope] == [["Chi bộ Ma Trận B"]] * 2


def test_publish_and_unpublish_are_in_the_log(world):
    item = LibraryItemFactory(title="Quy chế mới công bố", live=False)
    from wagtail.actions.unpublish import UnpublishAction

    item.save_revision(user=world.users["superuser"]).publish(user=world.users["superuser"])
    item.refresh_from_db()
    UnpublishAction(item, user=world.users["superuser"]).execute(skip_permission_checks=True)
    assert [e.action for e in ModelLogEntry.objects.filter(object_id=str(item.pk)).order_by("pk")
            if e.action in ("wagtail.publish", "wagtail.unpublish")] == ["wagtail.publish", "wagtail.unpublish"]


def test_role_changes_are_logged_on_the_organization(world):
    user = UserFactory(username="moi_vao")
    membership = MembershipFactory(user=user, organization=world.cell_c, role=Role.MEMBER)
    membership.role = Role.SECRETARY
    membership.save()
    membership.delete()
    entries = ModelLogEntry.objects.filter(object_id=str(world.cell_c.pk), action__startswith="sotay.membership")
    assert [(e.action, e.data.get("member"), e.data.get("role")) for e in entries.order_by("pk")] == [
        ("sotay.membership.add", "moi_vao", "member"), ("sotay.membership.change", "moi_vao", "secretary"),
        ("sotay.membership.delete", "moi_vao", "secretary")]


def test_logins_failures_and_lockouts_are_logged_with_the_ip(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="dang_nhap", password="Mat-khau-thu-2026")
    client = Client(REMOTE_ADDR="192.0.2.44")
    assert client.post("/tai-khoan/dang-nhap/", {"username": "dang_nhap", "password": "Mat-khau-thu-2026"}).status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    other = Client(REMOTE_ADDR="192.0.2.45")
    for _ in range(3):
        other.post("/tai-khoan/dang-nhap/", {"username": "dang_nhap", "password": "sai"})
    assert [e.data["ip"] for e in _entries("sotay.login")] == ["192.0.2.44"]
    assert [e.data["ip"] for e in _entries("sotay.logout")] == ["192.0.2.44"]
    assert len(_entries("sotay.login_failed")) == 3
    assert [e.data["ip"] for e in _entries("sotay.lockout")] == ["192.0.2.45"]


def test_staff_read_their_own_dang_bo_only(world):
    from operations.audit import record

    record(world.items["restricted_a"], "sotay.visibility", old="internal", new="restricted")   # đảng bộ X
    record(world.cell_c, "sotay.membership.add", member="cb_moi", role="member")               # đảng bộ Y
    record(world.users["member_a"], "sotay.login")                                             # a member of X
    record(world.users["member_b"].memberships.first().organization, "sotay.membership.add", member="x", role="member")
    qs = ModelLogEntry.objects.filter(action__startswith="sotay.")
    everything = set(qs.values_list("pk", flat=True))
    assert set(Viewer(world.users["superuser"]).audit_log_entries(qs).values_list("pk", flat=True)) == everything
    staff_x = {(e.content_type.model, e.object_id) for e in Viewer(world.users["staff_above_a"]).audit_log_entries(qs)}
    assert ("libraryitem", str(world.items["restricted_a"].pk)) in staff_x
    assert ("user", str(world.users["member_a"].pk)) in staff_x
    assert ("organization", str(world.cell_c.pk)) not in staff_x
    staff_y = {(e.content_type.model, e.object_id) for e in Viewer(world.users["staff_sibling"]).audit_log_entries(qs)}
    assert staff_y == {("organization", str(world.cell_c.pk)), ("organization", str(world.dang_bo_y.pk))}
    for role in ("member_a", "secretary_a"):
        assert not Viewer(world.users[role]).audit_log_entries(qs).exists()


def test_the_audit_view(world):
    from operations.audit import record

    record(world.items["restricted_a"], "sotay.visibility", old="internal", new="restricted", ip="10.0.0.1")
    record(world.cell_c, "sotay.membership.add", member="nguoi_cua_y", role="member")
    page = world.client("staff_above_a").get("/admin/nhat-ky/")
    text = page.content.decode()
    assert page.status_code == 200 and "GAMMARES" in text and "10.0.0.1" in text and "nguoi_cua_y" not in text
    assert "nguoi_cua_y" in world.client("superuser").get("/admin/nhat-ky/").content.decode()
    assert world.client("secretary_a").get("/admin/nhat-ky/").status_code == 404
    assert world.client("superuser").get("/admin/nhat-ky/", {"p": "99999999999999999999"}).status_code == 400
