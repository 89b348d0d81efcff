"""Portal-level records that belong to no content app: member invitations.

An invitation is written once per account when ``import_members`` creates a member without a password
and mails a password-set link; re-importing the same file finds the row and does not mail again.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """The one invitation e-mail sent to a member who was imported without a password."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_invitation")
    email = models.EmailField(_("gửi tới"))
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        verbose_name = _("thư mời đặt mật khẩu")
        verbose_name_plural = _("thư mời đặt mật khẩu")

    def __str__(self):
        return f"{self.user} — {self.email}"


# Keep Wagtail admin groups in step with memberships wherever a Membership is saved (admin, import, shell).
from portal import roles as _roles  # noqa: E402

_roles.connect_signals()
