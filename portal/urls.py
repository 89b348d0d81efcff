"""Top-level URLs. Each app owns its own urls module; Vietnamese paths for public pages."""
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access as admin_only
from wagtail.documents import urls as wagtaildocs_urls

from organizations.admin_views import (ScopedDocumentUsageView, ScopedImageUsageView, ScopedLogEntriesView,
                                       topic_autocomplete)
from portal import my_cell, pwa
from portal import views as portal_views
from portal.feeds import KindAtomFeed, KindFeed, LatestLibraryAtomFeed, LatestLibraryFeed, TopicAtomFeed, TopicFeed
from portal.sitemaps import SITEMAPS
from topics.models import Topic

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("robots.txt", portal_views.robots_txt, name="robots"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("ngoai-tuyen/", pwa.offline, name="offline"),
    path("chi-bo-cua-toi/", my_cell.my_cell, name="my-cell"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("feeds/library/", LatestLibraryFeed(), name="feed-library"),
    path("feeds/library/atom/", LatestLibraryAtomFeed(), name="feed-library-atom"),
    path("feeds/chu-de/<slug:slug>/", TopicFeed(), name="feed-topic"),
    path("feeds/chu-de/<slug:slug>/atom/", TopicAtomFeed(), name="feed-topic-atom"),
    path("feeds/loai/<str:code>/", KindFeed(), name="feed-kind"),
    path("feeds/loai/<str:code>/atom/", KindAtomFeed(), name="feed-kind-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    # Wagtail admin screens replaced by privacy-scoped versions (portal/admin_views.py): before the admin.
    path("admin/reports/site-history/", admin_only(ScopedLogEntriesView.as_view()), name="scoped_site_history"),
    path("admin/reports/site-history/results/", admin_only(ScopedLogEntriesView.as_view(results_only=True)),
         name="scoped_site_history_results"),
    path("admin/tag-autocomplete/topics/topic/", topic_autocomplete, {"model": Topic}, name="topic_autocomplete"),
    path("admin/images/usage/<int:image_id>/", admin_only(ScopedImageUsageView.as_view()),
         name="scoped_image_usage"),
    path("admin/documents/usage/<int:document_id>/", admin_only(ScopedDocumentUsageView.as_view()),
         name="scoped_document_usage"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tai-khoan/", include("portal.accounts_urls")),
    path("", include("library.urls")),
    path("", include("topics.urls")),
    path("", include("search.urls")),
    path("", include("study.urls")),
    path("", include("topics.reports.urls")),
]

urlpatterns += [path("trang/", include(wagtail_urls))]

handler404 = "portal.views.page_not_found"
