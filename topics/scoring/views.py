"""The scoring actions posted from the meeting page (``/sinh-hoat/<pk>/cham-diem/``)."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from organizations.access import Viewer
from topics.models import Meeting
from topics.scoring.selectors import apply_action


@require_POST
def meeting_scoring(request, pk):
    """Propose (cell secretary), vote (members of the cell), confirm or adjust (staff above the cell)."""
    viewer = Viewer.for_request(request)
    meeting = get_object_or_404(Meeting.objects.select_related("cell"), pk=pk)
    if not viewer.is_authenticated or not viewer.can_see_meeting(meeting):
        raise Http404
    outcome = apply_action(viewer, meeting, request.POST)
    (messages.success if outcome.ok else messages.error)(request, outcome.message)
    return redirect(f"{meeting.get_absolute_url()}#cham-diem")
