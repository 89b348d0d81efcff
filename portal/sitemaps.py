"""sitemap.xml: public library items and topic pages only."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organizations.access import Viewer


class LibrarySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Viewer(None).library_items().only("id", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(Sitemap):
    def items(self):
        return ["home", "library:index"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"library": LibrarySitemap, "static": StaticSitemap}
