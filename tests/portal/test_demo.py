"""``manage.py load_demo``: the demo `make run` shows is complete, idempotent and safe when DEBUG is off."""
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command, get_commands
from django.utils import timezone
from wagtail.models import Site

from library.models import ItemType, LibraryItem, Relation, TaggedItem, Visibility
from organizations.access import Viewer
from organizations.models import Membership, Organization, OrganizationKind
from topics.models import Meeting, MeetingMaterial, MeetingTask, Topic
from vntext.text import fold

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def load(debug, settings):
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    models = [LibraryItem, Relation, TaggedItem, Organization, Topic, Meeting, MeetingMaterial, MeetingTask,
              Membership, get_user_model()]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["item_stamps"] = sorted(LibraryItem.objects.values_list("pk", "updated_at"))
    counts["meeting_stamps"] = sorted(Meeting.objects.values_list("pk", "updated_at"))
    return counts


def test_load_demo_twice_changes_nothing(settings):
    load(True, settings)
    first = snapshot()
    out = load(True, settings)
    assert snapshot() == first
    assert "created 0 / updated 0" in out


def test_demo_library_content(settings):
    load(True, settings)
    docs = LibraryItem.objects.filter(item_type=ItemType.DOCUMENT)
    assert docs.count() >= 30
    assert LibraryItem.objects.filter(item_type=ItemType.STUDY_GUIDE).count() == 5
    assert LibraryItem.objects.filter(item_type=ItemType.SESSION_PACK).count() == 6
    assert len(set(docs.values_list("kind", flat=True))) >= 10
    assert docs.values("issuer").distinct().count() >= 8
    assert LibraryItem.objects.filter(visibility=Visibility.INTERNAL).count() >= 2
    restricted = LibraryItem.objects.filter(visibility=Visibility.RESTRICTED)
    assert restricted.count() >= 2 and all(item.allowed_orgs.exists() for item in restricted)
    # Two documents share 12-HD/BTCTW; the 2022 one replaces the 2018 one.
    old, new = LibraryItem.objects.filter(symbol="12-HD/BTCTW").order_by("issued_on")
    assert (old.issued_on.year, new.issued_on.year) == (2018, 2022)
    assert Relation.objects.filter(source=new, relation_type="replaces", target=old).exists()
    assert Relation.objects.get(source__symbol="42-HD/BTCTW", relation_type="guides").target.symbol == "50-CT/TW"
    kinds = set(Relation.objects.exclude(target=None).values_list("relation_type", flat=True))
    assert {"guides", "replaces", "amends", "based_on", "cites", "implements", "includes"} <= kinds
    # Every pack has its guide or materials, every guide has sections.
    for pack in LibraryItem.objects.filter(item_type=ItemType.SESSION_PACK):
        assert pack.purpose and pack.discussion_questions and pack.conclusion_template
        assert Relation.objects.filter(source=pack, relation_type="includes").exclude(target=None).exists()
    for guide in LibraryItem.objects.filter(item_type=ItemType.STUDY_GUIDE):
        assert {"heading", "questions", "key_points"} <= {b.block_type for b in guide.sections}
    assert len(set(Topic.objects.values_list("group", flat=True)) - {"khac"}) == 6


def test_demo_public_items_mention_chi_bo(settings, client):
    load(True, settings)
    public = Viewer(AnonymousUser()).library_items()
    mentioning = [i for i in public if "chi bo" in fold(f"{i.title} {i.summary} {i.body}")]
    assert len(mentioning) >= 5
    # What the issue promises on the demo: the public search finds them without diacritics.
    response = client.get("/api/search/", {"q": "chi bo"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 5
    assert all(r["symbol"] not in {"45-BC/ĐUK", "31-KH/ĐUK", "125-TB/ĐUK", "04-NQ/CB"} for r in body["results"])


def test_demo_organizations(settings):
    load(True, settings)
    cells = Organization.objects.filter(kind=OrganizationKind.CELL)
    assert cells.count() == 6 and all(c.name.startswith("Chi bộ") for c in cells)
    roots = Organization.objects.filter(name__in=["Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ Khối Doanh nghiệp tỉnh"])
    assert roots.count() == 2
    for root in roots:
        assert root.parent is None
        assert root.descendants().filter(kind=OrganizationKind.CELL).count() == 3


def test_demo_meetings_cover_a_living_year(settings):
    load(True, settings)
    meetings = Meeting.objects.all()
    assert {m.cell_id for m in meetings} == set(Organization.objects.cells().values_list("pk", flat=True))
    done = [m for m in meetings if m.status == "concluded"]
    assert len(done) >= 18
    assert {m.level for m in done} == {"tot", "kha", "trung_binh", "kem"}
    assert all(m.attendance_total and m.conclusion for m in done)
    upcoming = [m for m in meetings if timezone.localdate(m.scheduled_at) > TODAY]
    assert {m.status for m in upcoming} == {"planned", "announced"}
    assert all(m.materials.exists() for m in upcoming if m.status == "announced")
    assert any(timezone.localdate(m.scheduled_at).year == 2027 for m in upcoming)
    assert meetings.filter(status="cancelled").count() == 1
    assert meetings.filter(is_public=True).count() == 1
    assert sum(m.materials_late for m in meetings) == 1
    tasks = MeetingTask.objects.all()
    assert tasks.filter(done=True).exists()
    assert any(t.due_on < TODAY and not t.done for t in tasks)


def test_debug_creates_demo_accounts_once(settings):
    out = load(True, settings)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin-demo-2026")
    assert "http://127.0.0.1:8000/admin/" in out and "admin-demo-2026" in out
    assert Site.objects.get(is_default_site=True).site_name == "Sổ tay chuyên đề"
    if "import_members" in get_commands():
        secretary = get_user_model().objects.get(username="tuphap.hanh")
        assert secretary.check_password("Demo-2026-tup01")
        assert Membership.objects.filter(user=secretary, role="secretary",
                                         organization__name="Chi bộ Sở Tư pháp").exists()
        assert Membership.objects.filter(role="staff").count() == 2


def test_no_demo_accounts_when_debug_is_off(settings):
    out = load(False, settings)
    assert not get_user_model().objects.exists()
    assert "admin-demo-2026" not in out
    assert LibraryItem.objects.count() >= 41  # the content itself is still loaded
