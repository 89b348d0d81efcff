"""Forms: meeting actions on the meeting page, the roll-out form, and the meetings admin form.

The admin form applies the lifecycle table of ``topics.lifecycle`` (a status picked in a select is checked
like a button press, through ``services.validate_admin_status``) and, after saving, lets the services write
history, bump the iCalendar SEQUENCE and send e-mails; it also limits the cell select to the cells the
editor manages.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inputs.fields import BoundedDateField, BoundedDateTimeField
from library.models import ItemType
from organizations.access import Viewer
from organizations.admin_forms import ScopedChoicesForm
from organizations.models import Organization
from topics import services
from topics.models import Meeting, MeetingKind, Topic
from topics.resolutions import resolution_create, resolution_item

DATETIME_INPUTS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class MeetingActionForm(forms.Form):
    """One button on the meeting page: announce, hold, conclude, cancel, postpone or reschedule."""

    ACTIONS = ("announce", "hold", "conclude", "cancel", "postpone", "reschedule")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS],
                               error_messages={"invalid_choice": _("Thao tác không hợp lệ.")})
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    new_time = BoundedDateTimeField(label=_("Thời gian mới (dd/mm/yyyy HH:MM)"), required=False,
                                   input_formats=DATETIME_INPUTS,
                                   error_messages={"invalid": _("Thời gian mới không đúng dạng dd/mm/yyyy HH:MM.")})
    conclusion = forms.CharField(label=_("Kết luận của chủ trì"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reschedule" and not data.get("new_time"):
            raise ValidationError(_("Cần nhập thời gian mới."))
        if data.get("action") == "cancel" and not data.get("confirm"):
            raise ValidationError(_("Hãy đánh dấu ô xác nhận để hủy buổi sinh hoạt."))
        return data

    def apply(self, meeting: Meeting, user) -> str:
        """Run the action through the services; returns the success message."""
        action, data = self.cleaned_data["action"], self.cleaned_data
        if action == "announce":
            sent = services.meeting_announce(meeting, user=user)
            msg = _("Đã thông báo buổi sinh hoạt; đã gửi %(n)s e-mail.") % {"n": sent}
            if meeting.materials_late:
                msg = f"{msg} " + str(_("Lưu ý: thông báo muộn (chưa đủ 1 ngày trước buổi sinh hoạt)."))
            return msg
        if action == "hold":
            services.meeting_hold(meeting, user=user)
            return str(_("Đã ghi nhận buổi sinh hoạt đã tổ chức."))
        if action == "conclude":
            services.meeting_conclude(meeting, user=user, conclusion=data.get("conclusion") or None)
            return str(_("Đã kết luận buổi sinh hoạt."))
        if action == "cancel":
            services.meeting_cancel(meeting, data.get("reason", ""), user=user)
            return str(_("Đã hủy buổi sinh hoạt."))
        if action == "postpone":
            services.meeting_postpone(meeting, data.get("reason", ""), user=user)
            return str(_("Đã hoãn buổi sinh hoạt."))
        services.meeting_reschedule(meeting, data["new_time"], user=user, reason=data.get("reason", ""))
        return str(_("Đã đổi thời gian buổi sinh hoạt."))


class RolloutForm(forms.Form):
    """Roll a topic or a session pack out to every cell below an organization."""

    topic = forms.ModelChoiceField(label=_("Chủ đề"), queryset=Topic.objects.order_by("name"), required=False)
    pack = forms.ModelChoiceField(label=_("hoặc gói chuyên đề"), queryset=None, required=False)
    title = forms.CharField(label=_("Tên chuyên đề (để trống: theo chủ đề / gói)"), required=False, max_length=500)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100,
                              error_messages={"invalid": _("Năm phải là số."), "required": _("Cần nhập năm.")})
    quarter = forms.TypedChoiceField(label=_("Quý"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)],
                                     error_messages={"invalid_choice": _("Quý phải từ 1 đến 4.")})
    due_on = BoundedDateField(label=_("Hạn tổ chức (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUTS,
                             error_messages={"invalid": _("Ngày không đúng dạng dd/mm/yyyy.")})

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack"].queryset = viewer.library_items().filter(item_type=ItemType.SESSION_PACK).order_by("title")
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1

    def clean(self):
        data = super().clean()
        if bool(data.get("topic")) == bool(data.get("pack")):
            raise ValidationError(_("Chọn một chủ đề hoặc một gói chuyên đề (không chọn cả hai)."))
        return data

    @property
    def subject(self):
        return self.cleaned_data.get("pack") or self.cleaned_data.get("topic")


OUTCOME_FIELDS = {"attendance_present", "attendance_total", "speakers", "opinions", "chair", "minutes_secretary",
                  "guests", "agenda", "minutes", "conclusion", "resolution"}


class MeetingAdminForm(ScopedChoicesForm):
    """Admin form for meetings: scoped cell select, pack / resolution / materials / topic limited to what the
    editor may choose (organizations.admin_forms), lifecycle rules, history and mails after saving. The outcome
    tab can also write the cell's resolution as a new document (topics/resolutions.py). The score is not edited
    here: it goes through the scoring screen (proposal → vote → confirmation, topics.scoring)."""

    new_resolution_symbol = forms.CharField(label=_("Số hiệu nghị quyết mới"), required=False, max_length=120,
                                            help_text=_("Ví dụ 05-NQ/CB. Để trống nếu chưa có số."))
    new_resolution_title = forms.CharField(label=_("Trích yếu nghị quyết mới"), required=False, max_length=2000,
                                           help_text=_("Điền để tạo nghị quyết của chi bộ từ buổi sinh hoạt này "
                                                       "(chỉ chi bộ và cấp ủy cấp trên xem được)."))
    new_resolution_text = forms.CharField(label=_("Nội dung nghị quyết mới"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._old_status = self.instance.status if self.instance.pk else None
        self._old_scheduled_at = self.instance.scheduled_at if self.instance.pk else None
        if "kind" in self.fields:  # left out (older clients, scripts): the meeting keeps its kind
            self.fields["kind"].required = False
        if "cell" in self.fields and self.for_user is not None:
            allowed = Viewer(self.for_user).managed_cells()
            if self.instance.pk and self.instance.cell_id:
                allowed = allowed | Organization.objects.filter(pk=self.instance.cell_id)
            self.fields["cell"].queryset = allowed.distinct().order_by("path")

    def clean(self):
        data = super().clean()
        if "kind" in self.fields and not data.get("kind"):
            data["kind"] = self.instance.kind or MeetingKind.CHUYEN_DE
        if self.for_user is not None and data.get("cell") is not None:
            viewer = Viewer(self.for_user)
            if not viewer.can_manage_meetings_of(data["cell"]):
                self.add_error("cell", _("Bạn không quản lý chi bộ này."))
        status = data.get("status")
        if status:
            try:
                services.validate_admin_status(
                    self._old_status, status, scheduled_at=data.get("scheduled_at"),
                    reason=data.get("status_reason", ""), conclusion=data.get("conclusion", ""),
                    time_changed=bool(self._old_scheduled_at and data.get("scheduled_at")
                                      and data["scheduled_at"] != self._old_scheduled_at))
            except ValidationError as exc:
                self.add_error("status", exc)
        present, total = data.get("attendance_present"), data.get("attendance_total")
        if present is not None and total is not None and present > total:
            self.add_error("attendance_present", _("Số có mặt không thể lớn hơn tổng số đảng viên."))
        self._clean_new_resolution(data)
        return data

    def _clean_new_resolution(self, data) -> None:
        wanted = any((data.get(f) or "").strip() for f in ("new_resolution_symbol", "new_resolution_title",
                                                           "new_resolution_text"))
        if not wanted:
            return
        if data.get("resolution"):
            self.add_error("new_resolution_title", _("Đã chọn một nghị quyết có sẵn: bỏ chọn nó, hoặc để trống "
                                                     "phần nghị quyết mới."))
            return
        cell, scheduled_at = data.get("cell"), data.get("scheduled_at")
        if cell is None or scheduled_at is None:
            return  # the form already reports the missing cell or time
        probe = Meeting(cell=cell, scheduled_at=scheduled_at)
        try:
            resolution_item(probe, symbol=data.get("new_resolution_symbol", ""),
                            title=data.get("new_resolution_title", ""), text=data.get("new_resolution_text", ""))
        except ValidationError as exc:
            self.add_error("new_resolution_title", exc)

    def _outcome_changed(self) -> bool:
        if OUTCOME_FIELDS & set(self.changed_data):
            return True
        return any(name in self.formsets and self.formsets[name].has_changed()
                   for name in ("absentees", "speeches", "tasks"))

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            title = (self.cleaned_data.get("new_resolution_title") or "").strip()
            if title:
                resolution_create(instance, self.for_user, symbol=self.cleaned_data.get("new_resolution_symbol", ""),
                                  title=title, text=self.cleaned_data.get("new_resolution_text", ""))
            services.meeting_record_admin_change(instance, self._old_status, self._old_scheduled_at,
                                                 outcome_changed=self._outcome_changed() or bool(title),
                                                 user=self.for_user)
        return instance
