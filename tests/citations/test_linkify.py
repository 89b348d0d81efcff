"""References in an item's body become links on its page; ambiguous ones are marked; HTML stays safe."""
import datetime as dt

import pytest
from django.template import Context, Template

from library.citations import linkify
from tests.factories import LibraryItemFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    tw = OrganizationFactory(name="Ban Chấp hành Trung ương", code="TW", kind="co_quan")
    btc = OrganizationFactory(name="Ban Tổ chức Trung ương", code="BTCTW", kind="co_quan")
    ct05 = LibraryItemFactory(kind="CT", symbol="05-CT/TW", issuer=tw, issued_on=dt.date(2016, 5, 15))
    LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2018, 7, 6))
    LibraryItemFactory(kind="HD", symbol="12-HD/BTCTW", issuer=btc, issued_on=dt.date(2022, 3, 1))
    return ct05


BODY = ('<p class="x" title="Chỉ thị 05-CT/TW">Thực hiện <strong>Chỉ thị số 05-CT/TW</strong> &amp; '
        'Hướng dẫn 12-HD/BTCTW; Kết luận 21 &lt;script&gt;alert(1)&lt;/script&gt;.</p>'
        '<p><a href="/khac/">Chỉ thị 05-CT/TW</a></p>')


def test_linkify_wraps_resolved_and_marks_ambiguous(docs):
    source = LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch học tập", body=BODY,
                                issued_on=dt.date(2025, 1, 1))  # both 12-HD/BTCTW existed by then
    html = linkify(source.body, list(source.citations.all()))
    assert (f'<strong><a class="citation" href="/thu-vien/{docs.pk}/" title="Chỉ thị 05-CT/TW (2016)">'
            'Chỉ thị số 05-CT/TW</a></strong>') in html  # the tooltip names the kind and the year
    assert '<span class="citation-ambiguous" title="' in html and ">Hướng dẫn 12-HD/BTCTW</span>" in html
    assert "Kết luận 21 &lt;script&gt;alert(1)&lt;/script&gt;" in html  # unresolved: plain, still escaped
    assert '<p class="x" title="Chỉ thị 05-CT/TW">' in html  # attributes untouched
    assert '<a href="/khac/">Chỉ thị 05-CT/TW</a>' in html  # never a link inside a link
    assert "&amp; " in html


def test_template_filter(docs):
    source = LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch học tập", body=BODY,
                                issued_on=dt.date(2025, 1, 1))  # both 12-HD/BTCTW existed by then
    out = Template("{% load citation_tags %}{{ item.body|linkify_citations:citations }}").render(
        Context({"item": source, "citations": list(source.citations.all())}))
    assert f'href="/thu-vien/{docs.pk}/"' in out
    assert "&lt;script&gt;" in out and "<script>" not in out


def test_only_the_citations_passed_in_are_linked(docs):
    source = LibraryItemFactory(kind="KH", symbol="", title="Kế hoạch học tập", body=BODY,
                                issued_on=dt.date(2025, 1, 1))  # both 12-HD/BTCTW existed by then
    assert linkify(source.body, []) == source.body
