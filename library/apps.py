from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete


class LibraryConfig(AppConfig):
    """Library items (documents, study guides, session packs), their files, relations and citations."""

    name = "library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers are connected here, never at import time (one way for every app).
        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from library import attachments, citation_signals, selectors  # Django's app loading: models first
        from library.moderation_mail import submission_notifier  # (same)

        LibraryItem = self.get_model("LibraryItem")
        LibraryItem.page_context = staticmethod(selectors.item_detail_context)  # what previews render
        post_save.connect(citation_signals.refresh_on_save, sender=LibraryItem,
                          dispatch_uid="library.citations_on_save")
        pre_delete.connect(citation_signals.remember_citing, sender=LibraryItem,
                           dispatch_uid="library.citations_before_delete")
        post_delete.connect(citation_signals.recheck_after_delete, sender=LibraryItem,
                            dispatch_uid="library.citations_after_delete")
        post_migrate.connect(attachments.adopt_root_files_after_migrate, sender=self,
                             dispatch_uid="library.adopt_root_files")
        task_submitted.connect(submission_notifier, sender=TaskState, dispatch_uid="library.committee_task_submitted")
