"""The Wagtail admin follows the same scopes: a secretary edits only their cell's meetings, staff only
their subtree, and no admin screen (listing, chooser, edit URL) shows a restricted item to someone who
may not see it."""
import pytest
from django.urls import reverse

from library.models import LibraryItem
from organizations.models import Role
from organizations.roles import SECRETARY_GROUP, STAFF_GROUP
from tests.access.conftest import TOKENS
from tests.factories import MeetingFactory, MembershipFactory
from topics.models import Meeting


def _url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def _chooser_url(model):
    return reverse(f"{model.snippet_viewset.get_chooser_admin_url_namespace()}:choose")


def test_role_groups_follow_memberships(world):
    secretary = world.users["secretary_a"]
    assert list(secretary.groups.values_list("name", flat=True)) == [SECRETARY_GROUP]
    assert sorted(world.users["staff_above_a"].groups.values_list("name", flat=True)) == [
        STAFF_GROUP, f"Cán bộ đảng ủy · Đảng bộ Khối Ma Trận X (#{world.dang_bo_x.pk})"]  # + its files
    assert not world.users["member_a"].groups.exists() and not world.users["member_a"].is_staff
    # Losing the role takes the admin away.
    secretary.memberships.update(role=Role.MEMBER)  # a bulk update sends no signal …
    ms = secretary.memberships.get()
    ms.save()  # … a save does
    secretary.refresh_from_db()
    assert not secretary.groups.exists() and not secretary.is_staff
    assert not secretary.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("role,status", [("member_a", 302), ("secretary_a", 200), ("staff_above_a", 200)])
def test_who_enters_the_admin(world, role, status):
    assert world.client(role).get("/admin/").status_code == status


def test_secretary_edits_only_own_cells_meetings(world):
    other = MeetingFactory(cell=world.cell_b, title="Buổi của chi bộ B OTHERCELL")
    client = world.client("secretary_a")
    assert client.get(_url(Meeting, "edit", world.meeting.pk)).status_code == 200
    assert client.get(_url(Meeting, "edit", other.pk)).status_code == 404
    listing = client.get(_url(Meeting, "list")).content.decode()
    assert TOKENS["meeting_a"] in listing and "OTHERCELL" not in listing


def test_sibling_staff_cannot_open_meetings_outside_their_subtree(world):
    client = world.client("staff_sibling")
    assert client.get(_url(Meeting, "edit", world.meeting.pk)).status_code == 404
    assert TOKENS["meeting_a"] not in client.get(_url(Meeting, "list")).content.decode()
    assert world.client("staff_above_a").get(_url(Meeting, "edit", world.meeting.pk)).status_code == 200


def test_library_admin_hides_restricted_items_from_sibling_staff(world):
    client = world.client("staff_sibling")
    restricted = world.items["restricted_a"]
    listing = client.get(_url(LibraryItem, "list"))
    assert listing.status_code == 200
    assert TOKENS["restricted_a"] not in listing.content.decode()
    assert client.get(_url(LibraryItem, "edit", restricted.pk)).status_code in (403, 404)
    assert world.client("staff_above_a").get(_url(LibraryItem, "edit", restricted.pk)).status_code == 200


@pytest.mark.parametrize("model", [LibraryItem, Meeting])
def test_choosers_never_list_what_the_user_may_not_see(world, model):
    secretary_b = MembershipFactory(organization=world.cell_b, role=Role.SECRETARY, user__username="bt_b").user
    from django.test import Client

    client = Client()
    client.force_login(secretary_b)
    response = client.get(_chooser_url(model))
    assert response.status_code == 200  # a secretary picks materials and meetings through these
    body = response.content.decode()
    assert TOKENS["restricted_a"] not in body
    assert TOKENS["meeting_a"] not in body


def test_library_admin_scope_is_the_staff_subtree(world):
    """Viewer.admin_queryset: what the library admin lets each role manage, and choose."""
    from organizations.access import CHOOSE, MANAGE, Viewer

    def scoped(role, action):
        qs = Viewer(world.users[role]).admin_queryset(LibraryItem, action)
        return {k for k, item in world.items.items() if qs.filter(pk=item.pk).exists()}

    assert scoped("staff_above_a", MANAGE) == {"restricted_a"}  # restricted to a cell below; others issued centrally
    assert scoped("staff_sibling", MANAGE) == set()
    assert scoped("secretary_a", MANAGE) == set() and scoped("member_a", MANAGE) == set()
    assert scoped("superuser", MANAGE) == {"public", "internal", "restricted_a"}
    assert scoped("staff_sibling", CHOOSE) == {"public", "internal"}
    assert scoped("secretary_a", CHOOSE) == {"public", "internal", "restricted_a"}
