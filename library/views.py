"""Public library pages: the index with filters and the item page (topic pages: topics/views.py)."""
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from library.models import ItemType, LibraryItem, Validity, Visibility
from library.selectors import item_detail_context, library_listing
from library.validity import BadDate
from organizations.access import Viewer


def library_index(request):
    viewer = Viewer.for_request(request)
    try:
        ctx = library_listing(viewer, request.GET)
    except BadDate as exc:
        return render(request, "library/library_index.html", {"error": str(exc), "item_types": ItemType.choices,
                                                              "validities": Validity.choices, "filters": {},
                                                              "choices": {}}, status=400)
    ctx["item_types"] = ItemType.choices
    ctx["validities"] = Validity.choices
    return render(request, "library/library_index.html", ctx)


def item_detail(request, pk):
    viewer = Viewer.for_request(request)
    item = get_object_or_404(LibraryItem.objects.select_related("issuer"), pk=pk, live=True)
    if not viewer.can_see_item(item):
        # Internal items exist for every member: ask an anonymous visitor to log in. Restricted items
        # must not be known to exist by anyone outside their organizations: plain 404.
        if item.visibility == Visibility.INTERNAL and not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(request, "library/library_item.html", item_detail_context(item, request))
