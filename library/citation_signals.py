"""Keep citations current when an item is saved or deleted (receivers connected in LibraryConfig.ready).

Saving re-extracts the item's own references and re-resolves references elsewhere that may now point
at it; bulk importers wrap their saves in ``citation_service.suspended()`` and call
``refresh_citations`` once per batch instead. Deleting an item re-resolves the citations that pointed
at it (a second document with the same number may now be the only one).
"""
from library import citation_service
from library.models import Citation, CitationStatus


def refresh_on_save(sender, instance, raw=False, **kwargs):
    if raw or citation_service.is_suspended():
        return
    citation_service.refresh_citations([instance.pk])


def remember_citing(sender, instance, **kwargs):
    if citation_service.is_suspended():
        return
    q = Citation.objects.filter(target_id=instance.pk).exclude(source_id=instance.pk)
    if instance.number_key:
        q = q | Citation.objects.filter(number_key=instance.number_key, status=CitationStatus.AMBIGUOUS)
    instance._citations_to_recheck = list(q.values_list("pk", flat=True))


def recheck_after_delete(sender, instance, **kwargs):
    ids = getattr(instance, "_citations_to_recheck", None)
    if ids:
        citation_service.reresolve(Citation.objects.filter(pk__in=ids))
