"""The action forms on the meeting page: one small form per state change, each with its own labels.

``topics.forms.MeetingActionForm`` parses every one of them (same field names); this module only decides
how each is shown: its legend, its button, whether it is destructive (cancel: red, a confirmation box and a
browser confirm), and the fields it needs with labels that never repeat on the page ("Lý do hủy",
"Lý do hoãn", "Lý do đổi thời gian"). Ids are prefixed by the action, so labels point at the right field.
"""
from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from topics.models import Meeting


class DateTimePicker(forms.DateTimeInput):
    """The browser's date-time picker; the value travels as YYYY-MM-DDTHH:MM (MeetingActionForm accepts it)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        # data-echo: site.js writes the chosen value out as "14:00 20/08/2031" beside the picker, whatever
        # the phone's own display format for the picker is.
        super().__init__(attrs={"data-echo": "", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def _reason(label, required):
    return forms.CharField(label=label, required=required, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}))


class _ActionFields(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)


class AnnounceFields(_ActionFields):
    pass


class HoldFields(_ActionFields):
    pass


class ConcludeFields(_ActionFields):
    conclusion = forms.CharField(label=_("Kết luận của chủ trì"), widget=forms.Textarea(attrs={"rows": 4}))


class RescheduleFields(_ActionFields):
    new_time = forms.DateTimeField(label=_("Thời gian mới"), widget=DateTimePicker())
    reason = _reason(_("Lý do đổi thời gian (không bắt buộc)"), required=False)


class PostponeFields(_ActionFields):
    reason = _reason(_("Lý do hoãn"), required=True)


class CancelFields(_ActionFields):
    reason = _reason(_("Lý do hủy"), required=True)
    confirm = forms.BooleanField(label=_("Tôi chắc chắn muốn hủy buổi sinh hoạt này (đảng viên sẽ nhận thông báo hủy)."))


@dataclass
class ActionForm:
    action: str
    legend: str
    button: str
    form: forms.Form
    style: str = "btn-primary"        # "btn-danger" for destructive actions
    confirm: str = ""                 # a browser confirmation before sending
    help: str = ""


def action_forms(meeting: Meeting, actions: list[str]) -> list[ActionForm]:
    """The forms for ``actions`` (from topics.views._available_actions), in the order a secretary needs them."""
    local = timezone.localtime(meeting.scheduled_at)
    specs = {
        "announce": (AnnounceFields, _("Thông báo"), _("Thông báo tới đảng viên"), "btn-primary", "",
                     _("Gửi e-mail thời gian, địa điểm và tài liệu tới đảng viên của chi bộ.")),
        "hold": (HoldFields, _("Đã tổ chức"), _("Ghi nhận đã tổ chức"), "btn-primary", "",
                 _("Sau đó ghi biên bản, kết quả và nhiệm vụ trong trang quản trị.")),
        "conclude": (ConcludeFields, _("Kết luận"), _("Ghi kết luận"), "btn-primary", "", ""),
        "reschedule": (RescheduleFields, _("Đổi thời gian"), _("Đổi sang thời gian mới"), "", "",
                       _("Hiện tại: %(t)s.") % {"t": local.strftime("%H:%M %d/%m/%Y")}),
        "postpone": (PostponeFields, _("Hoãn"), _("Hoãn buổi sinh hoạt"), "", "", ""),
        "cancel": (CancelFields, _("Hủy buổi sinh hoạt"), _("Hủy buổi sinh hoạt"), "btn-danger",
                   _("Hủy buổi sinh hoạt này? Đảng viên sẽ nhận thông báo hủy."), ""),
    }
    out = []
    for action in actions:
        fields, legend, button, style, confirm, help_text = specs[action]
        form = fields(initial={"action": action}, auto_id=f"{action}-%s")
        if action == "conclude" and meeting.conclusion:
            del form.fields["conclusion"]   # already written in the minutes: concluding keeps it
        if action == "reschedule":
            form.fields["new_time"].initial = local.replace(tzinfo=None)
        out.append(ActionForm(action, str(legend), str(button), form, style, str(confirm), str(help_text)))
    return out
