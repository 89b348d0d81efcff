"""E-mail on submission to the "Cấp ủy duyệt" task (library.moderation): told are only the item's reviewers."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState

from library.moderation import CommitteeApprovalTask


class CommitteeSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """"Waiting for your review" e-mails for the committee task: only the item's own reviewers (and superusers,
    as Wagtail's WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS says), never the staff of another đảng bộ."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, CommitteeApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        task = task_state.task.specific
        recipients = task.reviewers(task_state.workflow_state.content_object)
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients = recipients | get_user_model().objects.filter(is_superuser=True, is_active=True)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return set(recipients.distinct())


submission_notifier = CommitteeSubmissionNotifier()
