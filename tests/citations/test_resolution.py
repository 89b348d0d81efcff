"""Citations stored per item, resolved to library documents, kept current on save and delete."""
import datetime as dt

import pytest

from library.citation_service import refresh_citations
from library.models import Citation, CitationStatus
from tests.factories import LibraryItemFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    tw = OrganizationFactory(name="Ban Chấp hành Trung ương", code="TW", kind="co_quan")
    btc = OrganizationFactory(name="Ban Tổ chức Trung ương", code="BTCTW", kind="co_quan")
    khoi = OrganizationFactory(name="Đảng bộ Khối các cơ quan tỉnh", code="ĐUK")
    return {
        "ct05": LibraryItemFactory(kind="CT", symbol="05-CT/TW", issuer=tw, issued_on=dt.date(2016, 5, 15)),
        "hd12_2018": LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2018, 7, 6)),
        "hd12_2022": LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2022, 3, 1)),
        "nq01": LibraryItemFactory(kind="NQ", symbol="01-NQ/ĐUK", issuer=khoi, issued_on=dt.date(2021, 1, 5)),
        "tw": tw, "khoi": khoi,
    }


def _source(body, title="Kế hoạch sinh hoạt chuyên đề năm 2025", **kw):
    kw.setdefault("issued_on", dt.date(2025, 1, 10))  # after every document of the fixture, as its title says
    return LibraryItemFactory(kind="KH", symbol="", title=title,
                              body=body, **kw)


def _by_raw(item):
    return {c.raw: c for c in Citation.objects.filter(source=item)}


def test_each_reference_is_resolved_when_unambiguous(library):
    source = _source(
        "<p>Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị; Hướng dẫn 12-HD/BTCTW; "
        "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018; Nghị quyết 01 và 11 của Đảng bộ Khối; Kết luận 21.</p>")
    c = _by_raw(source)
    assert c["Chỉ thị số 05-CT/TW"].status == CitationStatus.RESOLVED
    assert c["Chỉ thị số 05-CT/TW"].target == library["ct05"]
    assert c["Chỉ thị số 05-CT/TW"].suggested_relation == "implements"
    assert c["Hướng dẫn 12-HD/BTCTW"].status == CitationStatus.AMBIGUOUS  # two documents share the number
    assert c["Hướng dẫn số 12-HD/BTCTW"].target == library["hd12_2018"]  # the date tells them apart
    assert c["Nghị quyết 01"].target == library["nq01"]  # short form + issuer words
    assert c["11"].status == CitationStatus.UNRESOLVED
    assert c["Kết luận 21"].status == CitationStatus.UNRESOLVED
    assert c["Kết luận 21"].group_key == "KL|21|"


def test_sloppy_symbols_and_short_forms_resolve(library):
    source = _source("<p>Theo 05 CT TW, 5-ct/tw, Chỉ thị 05 của Bộ Chính trị và Chỉ thị 05.</p>")
    assert {c.target_id for c in Citation.objects.filter(source=source)} == {library["ct05"].pk}


def test_of_the_centre_means_any_central_body(library):
    source = _source("<p>Hướng dẫn 12 của Trung ương ngày 06/7/2018; Hướng dẫn 12 của Tỉnh ủy.</p>")
    targets = [x.target_id for x in Citation.objects.filter(source=source).order_by("start")]
    assert targets == [library["hd12_2018"].pk, None]


def test_a_date_that_does_not_match_leaves_it_unresolved(library):
    source = _source("<p>Chỉ thị số 05-CT/TW ngày 01/01/2010 (một văn bản khác cùng số).</p>")
    assert Citation.objects.get(source=source).status == CitationStatus.UNRESOLVED


def test_issuer_words_that_match_no_document_leave_it_unresolved(library):
    source = _source("<p>Nghị quyết 01 của Tỉnh ủy.</p>")
    assert Citation.objects.get(source=source).status == CitationStatus.UNRESOLVED


def test_an_item_does_not_cite_itself(library):
    item = LibraryItemFactory(kind="HD", symbol="09-HD/ĐUK", issuer=library["khoi"],
                              body="<p>Số 09-HD/ĐUK</p><p>Thực hiện Chỉ thị 05-CT/TW.</p>")
    assert [c.raw for c in item.citations.all()] == ["Chỉ thị 05-CT/TW"]


def test_saving_the_cited_document_resolves_earlier_citations(library):
    source = _source("<p>Quán triệt Kết luận số 21-KL/TW ngày 25/10/2021.</p>")
    citation = Citation.objects.get(source=source)
    assert citation.status == CitationStatus.UNRESOLVED
    kl21 = LibraryItemFactory(kind="KL", symbol="21-KL/TW", issuer=library["tw"], issued_on=dt.date(2021, 10, 25))
    citation.refresh_from_db()
    assert (citation.status, citation.target) == (CitationStatus.RESOLVED, kl21)
    kl21.delete()
    citation.refresh_from_db()
    assert (citation.status, citation.target) == (CitationStatus.UNRESOLVED, None)


def test_an_ambiguous_citation_is_resolved_by_the_date_of_the_citing_text(library):
    """A 2018 text citing "12-HD/BTCTW" cannot mean the 2022 guide of the same number."""
    khoi = library["khoi"]
    source = _source("<p>Thực hiện Hướng dẫn 12-HD/BTCTW của Ban Tổ chức Trung ương.</p>", issuer=khoi,
                     title="Hướng dẫn sinh hoạt chuyên đề năm 2018", issued_on=dt.date(2018, 9, 10))
    citation = Citation.objects.get(source=source)
    assert (citation.status, citation.target) == (CitationStatus.RESOLVED, library["hd12_2018"])
    later = _source("<p>Thực hiện Hướng dẫn 12-HD/BTCTW.</p>", issued_on=dt.date(2023, 2, 1))
    assert Citation.objects.get(source=later).status == CitationStatus.AMBIGUOUS  # both existed by then
    # Re-resolution (a namesake added later) keeps the rule: the 2018 text still means the 2018 guide.
    LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=library["hd12_2018"].issuer,
                       issued_on=dt.date(2024, 1, 2))
    citation.refresh_from_db()
    assert citation.target == library["hd12_2018"]


def test_deleting_one_of_two_namesakes_resolves_the_other(library):
    source = _source("<p>Hướng dẫn 12-HD/BTCTW.</p>")
    assert Citation.objects.get(source=source).status == CitationStatus.AMBIGUOUS
    library["hd12_2018"].delete()
    citation = Citation.objects.get(source=source)
    assert (citation.status, citation.target) == (CitationStatus.RESOLVED, library["hd12_2022"])


def test_editing_the_body_replaces_the_citations(library):
    source = _source("<p>Chỉ thị 05-CT/TW.</p>")
    source.body = "<p>Nghị quyết 01-NQ/ĐUK và Kết luận 21.</p>"
    source.save()
    assert sorted(c.raw for c in source.citations.all()) == ["Kết luận 21", "Nghị quyết 01-NQ/ĐUK"]


def test_refresh_is_batched(library, django_assert_max_num_queries):
    sources = [_source(f"<p>Chỉ thị 05-CT/TW, Hướng dẫn 12 của Ban Tổ chức Trung ương, Kết luận {i + 1}.</p>",
                       title=f"Tài liệu mẫu thứ {i}")
               for i in range(40)]
    with django_assert_max_num_queries(12):
        stored = refresh_citations([s.pk for s in sources])
    assert stored == 120
    assert Citation.objects.filter(source__in=sources, status=CitationStatus.AMBIGUOUS).count() == 40
