from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save


class OrganizationsConfig(AppConfig):
    """The party tree, memberships and roles, and the privacy layer every other app asks (``access.Viewer``)."""

    name = "organizations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tổ chức đảng"

    def ready(self):
        # Signal receivers are connected here, never at import time (one way for every app).
        from organizations import file_scopes, roles, signals  # Django's app loading: models must be ready first
        from organizations.models import record_sign_in  # Django's app loading: models must be ready first

        Membership = self.get_model("Membership")
        post_save.connect(roles.membership_changed, sender=Membership, dispatch_uid="organizations.membership_saved")
        post_delete.connect(roles.membership_changed, sender=Membership,
                            dispatch_uid="organizations.membership_deleted")
        pre_save.connect(signals.membership_before, sender=Membership, dispatch_uid="organizations.membership_before")
        post_save.connect(signals.membership_saved, sender=Membership, dispatch_uid="organizations.role_saved")
        post_delete.connect(signals.membership_deleted, sender=Membership, dispatch_uid="organizations.role_deleted")
        post_migrate.connect(roles.after_migrate, dispatch_uid="organizations.after_migrate")
        post_save.connect(file_scopes.organization_saved, sender=self.get_model("Organization"),
                          dispatch_uid="organizations.organization_saved")
        user_logged_in.connect(record_sign_in, dispatch_uid="organizations.record_sign_in")

        from organizations.admin_i18n import reword_snippet_choosers  # Wagtail's widgets import models: after loading

        reword_snippet_choosers()
