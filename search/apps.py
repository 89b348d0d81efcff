from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


class SearchConfig(AppConfig):
    """Vietnamese search over the library and the meetings: the database backend and Elasticsearch 8."""
    label = "portal_search"
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tìm kiếm"

    def ready(self):
        # Signal receivers are connected here, never at import time (one way for every app). Search reads the
        # apps below it only through these signals and its registry of sources (search/sources.py).
        from wagtail.signals import published, unpublished

        from library.models import LibraryItem, Relation, TaggedItem  # app loading: after the models
        from library.signals import import_finished, items_changed  # app loading: after the models
        from organizations.models import Organization  # app loading: after the models
        from search import signals as s  # Django's app loading: models must be ready first
        from topics.models import Meeting, Topic  # app loading: after the models
        from topics.signals import meetings_changed  # app loading: after the models

        connect = [
            (items_changed, s.items_changed_in_bulk, None),
            (import_finished, s.import_finished, None),
            (meetings_changed, s.meetings_changed_in_bulk, None),
            (post_save, s.item_saved, LibraryItem),
            (post_delete, s.item_deleted, LibraryItem),
            (published, s.item_published, None),
            (unpublished, s.item_unpublished, None),
            (m2m_changed, s.item_orgs_changed, LibraryItem.allowed_orgs.through),
            (m2m_changed, s.item_orgs_pre_clear, LibraryItem.allowed_orgs.through),
            (post_save, s.item_tags_changed, TaggedItem),
            (post_delete, s.item_tags_changed, TaggedItem),
            (post_save, s.meeting_saved, Meeting),
            (post_delete, s.meeting_deleted, Meeting),
            (pre_save, s.organization_before, Organization),
            (post_save, s.organization_saved, Organization),
            (post_save, s.topic_saved, Topic),
            (post_save, s.relation_changed, Relation),
            (post_delete, s.relation_changed, Relation),
        ]
        for signal, receiver, sender in connect:
            signal.connect(receiver, sender=sender, dispatch_uid=f"search.{receiver.__name__}.{id(signal)}")
