"""Feeds (issue 18): Atom beside RSS, per topic and per kind, discoverable from the home page; public items only."""
import pytest
from django.urls import reverse

from library.models import Visibility
from tests.factories import LibraryItemFactory, OrganizationFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    topic = TopicFactory(name="Học tập và làm theo Bác")
    other = TopicFactory(name="Chuyển đổi số")
    cell = OrganizationFactory(name="Chi bộ Nguồn Tin", kind="chi_bo")
    return {
        "directive": LibraryItemFactory(kind="CT", symbol="05-CT/TW", title="Chỉ thị PUBFEEDCT", topics=[topic]),
        "rule": LibraryItemFactory(kind="QĐ", symbol="144-QĐ/TW", title="Quy định PUBFEEDQD", topics=[other]),
        "internal": LibraryItemFactory(kind="CT", title="Chỉ thị INTFEED", visibility=Visibility.INTERNAL,
                                       topics=[topic]),
        "restricted": LibraryItemFactory(kind="CT", title="Chỉ thị RESFEED", visibility=Visibility.RESTRICTED,
                                         allowed=[cell], topics=[topic]),
        "topic": topic,
    }


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["Content-Type"], response.content.decode()


def test_atom_beside_rss(client, items):
    rss_type, rss = body(client, reverse("feed-library"))
    atom_type, atom = body(client, reverse("feed-library-atom"))
    assert rss_type.startswith("application/rss+xml") and "<rss" in rss
    assert atom_type.startswith("application/atom+xml") and 'xmlns="http://www.w3.org/2005/Atom"' in atom
    for text in (rss, atom):
        assert "PUBFEEDCT" in text and "PUBFEEDQD" in text
        assert "INTFEED" not in text and "RESFEED" not in text


def test_feeds_per_topic_and_per_kind(client, items):
    slug = items["topic"].slug
    for name in ("feed-topic", "feed-topic-atom"):
        _type, text = body(client, reverse(name, args=[slug]))
        assert "PUBFEEDCT" in text and "PUBFEEDQD" not in text and "INTFEED" not in text
    for name in ("feed-kind", "feed-kind-atom"):
        _type, text = body(client, reverse(name, args=["qd"]))
        assert "PUBFEEDQD" in text and "PUBFEEDCT" not in text
    assert client.get(reverse("feed-kind", args=["khong-co"])).status_code == 404
    assert client.get(reverse("feed-topic", args=["khong-co-chu-de"])).status_code == 404


def test_a_topic_carried_only_by_private_items_has_no_feed(client):
    secret = TopicFactory(name="Chủ đề nội bộ")
    LibraryItemFactory(title="Chỉ thị nội bộ", visibility=Visibility.INTERNAL, topics=[secret])
    assert client.get(reverse("feed-topic", args=[secret.slug])).status_code == 404


def test_home_page_links_both_feeds(client, items):
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html and reverse("feed-library") in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and reverse("feed-library-atom") in html
