"""Public library pages: index with filters, item page, topic page."""
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from topics.models import Topic as Tag

from library.models import ItemType, LibraryItem, Validity, Visibility
from library.selectors import item_detail_context, library_listing, topic_items
from portal.access import Viewer


def library_index(request):
    viewer = Viewer.for_request(request)
    ctx = library_listing(viewer, request.GET)
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


def topic_detail(request, slug):
    viewer = Viewer.for_request(request)
    # A topic is known only where something tagged with it is visible (its name may say what it is about).
    tag = get_object_or_404(viewer.visible_topics(Tag.objects.all()), slug=slug)
    from django.core.paginator import Paginator

    page = Paginator(topic_items(viewer, tag), 20).get_page(request.GET.get("trang"))
    history = []
    try:
        from topics.selectors import topic_history

        history = topic_history(viewer, tag)
    except ImportError:
        pass
    return render(request, "library/topic.html", {"tag": tag, "page": page, "history": history})


def topic_index(request):
    from django.db.models import Count, Q

    viewer = Viewer.for_request(request)
    visible = viewer.library_items().values("pk")
    tags = (Tag.objects.annotate(n=Count("tagged_items", filter=Q(tagged_items__content_object__in=visible)))
            .filter(n__gt=0).order_by("name"))
    return render(request, "library/topic_index.html", {"tags": tags})
