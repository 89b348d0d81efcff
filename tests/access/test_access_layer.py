"""organizations/access.py itself: the Q filters with a prefix, and the search-engine grant keys agree with them."""
import pytest

from library.models import LibraryItem
from organizations.access import Viewer, item_grant_keys, meeting_grant_keys
from study.models import Bookmark
from tests.access.conftest import ROLES, VISIBLE
from topics.models import MeetingMaterial

ITEM_KEYS = ["public", "internal", "restricted_a"]


def _viewer(world, role):
    return Viewer(None if role == "anonymous" else world.users[role])


@pytest.mark.parametrize("role", ROLES)
def test_library_q_with_a_prefix_matches_the_plain_filter(world, role):
    """Regression: a prefixed filter (e.g. on meeting materials) used to crash for any member."""
    viewer = _viewer(world, role)
    plain = set(viewer.library_items().values_list("pk", flat=True))
    via_materials = set(MeetingMaterial.objects.filter(meeting=world.public_meeting, item__live=True)
                        .filter(viewer.library_q("item__")).values_list("item_id", flat=True))
    expected = {world.items[k].pk for k in ITEM_KEYS if role in VISIBLE[k]}
    assert plain & {i.pk for i in world.items.values()} == expected
    assert via_materials == expected


@pytest.mark.parametrize("role", ROLES)
def test_can_see_item_and_meeting_follow_the_table(world, role):
    viewer = _viewer(world, role)
    for key in ITEM_KEYS:
        assert viewer.can_see_item(world.items[key]) == (role in VISIBLE[key]), key
    assert viewer.can_see_meeting(world.meeting) == (role in VISIBLE["meeting_a"])
    assert viewer.can_see_meeting(world.public_meeting)  # a public meeting is the explicit exception
    assert set(viewer.meetings().filter(pk=world.meeting.pk)) == ({world.meeting} if role in VISIBLE["meeting_a"]
                                                                    else set())


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "superuser")])
def test_grant_keys_agree_with_the_database_filter(world, role):
    """Search engines filter with grant keys: they must give the same answer as library_q/meeting_q."""
    viewer = _viewer(world, role)
    keys = set(viewer.grant_keys())
    restricted = world.items["restricted_a"]
    assert bool(keys & set(item_grant_keys(restricted.allowed_orgs.all()))) == (role in VISIBLE["restricted_a"])
    assert bool(keys & set(meeting_grant_keys(world.meeting.cell))) == (role in VISIBLE["meeting_a"])


def test_manage_rights(world):
    a = world.cell_a
    can = {role: Viewer(world.users[role]).can_manage_meetings_of(a) for role in world.users}
    assert can == {"member_a": False, "member_b": False, "secretary_a": True, "staff_above_a": True,
                   "staff_sibling": False, "superuser": True}
    assert Viewer(None).can_manage_meetings_of(a) is False


def test_inactive_user_is_anonymous(world):
    user = world.users["member_a"]
    user.is_active = False
    user.save()
    viewer = Viewer(user)
    assert not viewer.is_authenticated
    assert set(viewer.library_items()) == {world.items["public"]}


def test_unpublished_item_is_hidden_even_from_its_organization(world):
    item = world.items["restricted_a"]
    LibraryItem.objects.filter(pk=item.pk).update(live=False)
    item.refresh_from_db()
    assert not Viewer(world.users["member_a"]).can_see_item(item)
    Bookmark.objects.create(user=world.users["member_a"], item=item)
    from study.selectors import bookmarked_items

    assert list(bookmarked_items(Viewer(world.users["member_a"]))) == []


def test_copies_made_for_reading_fast_follow_the_same_audience_rule(world):
    """Search entries carry an audience and grant keys; the privacy layer alone says who sees them."""
    keys = item_grant_keys([world.cell_a])
    expected = {
        "anonymous": (True, False, False), "member_a": (True, True, True), "member_b": (True, True, False),
        "secretary_a": (True, True, True), "staff_above_a": (True, True, True),
        "staff_sibling": (True, True, False), "superuser": (True, True, True),
    }
    for role, (public, internal, granted) in expected.items():
        viewer = Viewer(world.users.get(role))
        seen = (viewer.sees_audience("public"), viewer.sees_audience("internal"), viewer.sees_audience("grants", keys))
        assert seen == (public, internal, granted), role
        assert viewer.sees_audience("grants", []) is (role == "superuser")
        assert viewer.sees_audience("unknown", keys) is (role == "superuser")
