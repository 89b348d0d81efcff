"""Items for a cell (issue 18): tagged in the admin or by ``import_library``'s ``for_cells`` (not ``cells``, which
restricts who may see an item), listed on the cell's page, filtered by cell in the library and in search on
both engines — always under the privacy rules of each item."""
import pytest
from django.urls import reverse

from library.models import LibraryItem, Visibility
from organizations.models import Organization, OrganizationKind, Role
from tests.factories import LibraryItemFactory, MembershipFactory, OrganizationFactory
from tests.library.test_import import doc, run
# The search engines: database, and Elasticsearch (marked `elasticsearch`).
from tests.search.conftest import _fresh_vocabulary, db_settings, engine, es_settings  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells():
    khoi = OrganizationFactory(name="Đảng bộ Khối Tài Liệu")
    a = OrganizationFactory(name="Chi bộ Tài Liệu A", parent=khoi, kind=OrganizationKind.CELL)
    b = OrganizationFactory(name="Chi bộ Tài Liệu B", parent=khoi, kind=OrganizationKind.CELL)
    tagged = LibraryItemFactory(title="Kế hoạch CELLMAT học tập của chi bộ A", kind="KH", symbol="40-KH/CB")
    tagged.for_cells.set([a])
    tagged.save()  # modelcluster writes a ParentalManyToManyField on save
    private = LibraryItemFactory(title="Báo cáo CELLMAT riêng của chi bộ A", kind="BC", symbol="41-BC/CB",
                                 visibility=Visibility.RESTRICTED, allowed=[a])
    private.for_cells.set([a, b])
    private.save()
    LibraryItemFactory(title="Chỉ thị CELLMAT chung", kind="CT", symbol="42-CT/TW")
    member_b = MembershipFactory(organization=b, role=Role.MEMBER, user__username="dv_tai_lieu_b").user
    member_a = MembershipFactory(organization=a, role=Role.MEMBER, user__username="dv_tai_lieu_a").user
    return {"a": a, "b": b, "member_a": member_a, "member_b": member_b}


def test_import_tags_items_for_cells_without_restricting_them(tmp_path, cells):
    rows = [doc("50-HD/ĐUK", title="Hướng dẫn cho hai chi bộ", for_cells=["Chi bộ Tài Liệu A", "Chi bộ Tài Liệu B"]),
            doc("51-HD/ĐUK", title="Hướng dẫn hạn chế", public=False, cells=["Chi bộ Tài Liệu A"],
                for_cells=["Chi bộ Tài Liệu B"])]
    code, out, err = run(tmp_path, rows)
    assert code == 0, out + err
    both = LibraryItem.objects.get(symbol="50-HD/ĐUK")
    assert both.visibility == Visibility.PUBLIC and not both.allowed_orgs.exists()
    assert sorted(c.name for c in both.for_cells.all()) == ["Chi bộ Tài Liệu A", "Chi bộ Tài Liệu B"]
    narrow = LibraryItem.objects.get(symbol="51-HD/ĐUK")
    assert narrow.visibility == Visibility.RESTRICTED and [o.name for o in narrow.allowed_orgs.all()] == [
        "Chi bộ Tài Liệu A"]
    assert [c.name for c in narrow.for_cells.all()] == ["Chi bộ Tài Liệu B"]
    code, _out, _err = run(tmp_path, rows)  # idempotent
    assert code == 0
    assert LibraryItem.objects.filter(symbol__in=["50-HD/ĐUK", "51-HD/ĐUK"]).count() == 2
    rows[0]["for_cells"] = ["Chi bộ Tài Liệu B"]
    run(tmp_path, rows)
    assert [c.name for c in both.for_cells.all()] == ["Chi bộ Tài Liệu B"]
    assert not Organization.objects.filter(name="Chi bộ Tài Liệu C").exists()


def test_the_cell_page_lists_its_materials_the_viewer_may_see(client, cells):
    client.force_login(cells["member_b"])
    page_b = client.get(cells["b"].get_absolute_url()).content.decode()
    assert "Tài liệu của chi bộ" in page_b
    assert "Báo cáo CELLMAT riêng" not in page_b  # tagged for B, but restricted to A
    client.force_login(cells["member_a"])
    page_a = client.get(cells["a"].get_absolute_url()).content.decode()
    assert "Kế hoạch CELLMAT học tập" in page_a and "Báo cáo CELLMAT riêng" in page_a
    assert "Chỉ thị CELLMAT chung" not in page_a


def test_the_library_filters_by_cell(client, cells):
    url = reverse("library:index")
    html = client.get(url, {"chi_bo": cells["a"].pk}).content.decode()
    assert "Kế hoạch CELLMAT học tập" in html and "Chỉ thị CELLMAT chung" not in html
    assert "Báo cáo CELLMAT riêng" not in html  # anonymous: not in its audience
    client.force_login(cells["member_a"])
    assert "Báo cáo CELLMAT riêng" in client.get(url, {"chi_bo": cells["a"].pk}).content.decode()


def test_search_filters_items_by_cell_on_both_engines(client, cells, engine):
    engine.sync()
    titles = engine.titles(q="CELLMAT", cell=cells["a"].pk)
    assert titles == ["Kế hoạch CELLMAT học tập của chi bộ A"]
    client.force_login(cells["member_a"])
    titles = engine.titles(client, q="CELLMAT", cell=cells["a"].pk)
    assert sorted(titles) == ["Báo cáo CELLMAT riêng của chi bộ A", "Kế hoạch CELLMAT học tập của chi bộ A"]
    client.force_login(cells["member_b"])
    assert engine.titles(client, q="CELLMAT", cell=cells["b"].pk) == []  # tagged for B, restricted to A
    assert engine.api(client, q="CELLMAT")["count"] == 2  # without the filter: the two they may see
