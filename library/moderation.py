"""Moderation of library items: the "Cấp ủy duyệt" workflow task, scoped to each item's đảng bộ.

A stock ``GroupApprovalTask`` given the staff group would let the staff of *every* đảng bộ see each other's
drafts on their dashboard, open and approve them, and would e-mail them the titles. This task keeps a group
(who is a reviewer at all: by default the staff role group, or a narrower "committee" group chosen in
Settings → Workflows → Tasks) and narrows it per item through the privacy layer: a user reviews an item
only if ``Viewer.may_review(item)`` — staff of the item's issuer đảng bộ or above (or above an organization
it is restricted to). Every hook Wagtail asks a task goes through that one rule: the moderation dashboard
(``get_task_states_user_can_moderate``), the editor (``user_can_access_editor``, ``locked_for_user``,
``user_can_lock``), the actions offered (``get_actions``) and the e-mail sent on submission
(``library.moderation_mail``, connected in ``LibraryConfig.ready``). Wagtail's own group-task
notifier never handles this task (it is not an ``AbstractGroupApprovalTask``).

The workflow "Cấp ủy duyệt" with this task is assigned to library items by migration 0006.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from organizations.access import Viewer, item_reviewers

WORKFLOW_NAME = "Cấp ủy duyệt"
TASK_NAME = "Cấp ủy duyệt"


class CommitteeApprovalTask(Task):
    """Approval by the committee of the đảng bộ that issues the item (see the module docstring)."""

    groups = models.ManyToManyField(
        Group, verbose_name=_("nhóm người duyệt"), related_name="committee_approval_tasks",
        help_text=_("Người thuộc các nhóm này duyệt văn bản của đảng bộ mình và cấp dưới (không duyệt văn bản "
                    "của đảng bộ khác)."))

    admin_form_fields = Task.admin_form_fields + ["groups"]
    admin_form_widgets = {"groups": forms.CheckboxSelectMultiple}

    class Meta:
        verbose_name = _("cấp ủy duyệt")
        verbose_name_plural = _("cấp ủy duyệt")

    # -- who reviews ----------------------------------------------------------------------------
    def _in_groups(self, user) -> bool:
        cache = user.__dict__.setdefault("_committee_task_groups", {})
        if self.pk not in cache:
            cache[self.pk] = self.groups.filter(pk__in=user.groups.all()).exists()
        return cache[self.pk]

    def is_reviewer(self, obj, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return self._in_groups(user) and Viewer(user).may_review(obj)

    def reviewers(self, obj):
        """Users to tell that ``obj`` waits for review (superusers are added by the notifier's setting)."""
        users = get_user_model().objects.filter(is_active=True, groups__in=self.groups.all())
        if hasattr(obj, "allowed_orgs") and hasattr(obj, "issuer_id"):
            return users.filter(pk__in=item_reviewers(obj).values("pk"))
        return users.none()  # another model given this task: only superusers are told

    # -- Wagtail's task hooks -------------------------------------------------------------------
    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        locker = getattr(obj, "locked_by", None)
        if locker is not None and not self.is_reviewer(obj, locker):
            # Someone who may not review it holds a lock: the reviewers must be able to act.
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        return not self.is_reviewer(obj, user)

    def user_can_lock(self, obj, user):
        return self.is_reviewer(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.is_reviewer(obj, user):
            return []
        return [
            ("reject", _("Yêu cầu sửa"), True),
            ("approve", _("Duyệt"), False),
            ("approve", _("Duyệt, kèm ý kiến"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        if not user.is_authenticated or not self._in_groups(user):
            return TaskState.objects.none()
        viewer = Viewer(user)
        allowed = TaskState.objects.none()
        for ct_id in states.values_list("workflow_state__base_content_type", flat=True).distinct():
            model = ContentType.objects.get_for_id(ct_id).model_class()
            if model is None:
                continue
            ids = (viewer.reviewable(model).order_by().annotate(_key=Cast("pk", output_field=CharField()))
                   .values("_key"))
            allowed |= states.filter(workflow_state__base_content_type_id=ct_id, workflow_state__object_id__in=ids)
        return allowed

    @classmethod
    def get_description(cls):
        return _("Cán bộ trong các nhóm đã chọn duyệt văn bản của đảng bộ mình và cấp dưới.")
