"""The scoring section of a meeting (meeting page and admin screen), and the actions posted from it.

:func:`scoring_context` gathers, in a fixed number of queries, the sheet the meeting is (or will be) scored
with, each criterion with its proposed and confirmed points and the automatic check that informs it, the
open proposal with its vote counts, the history, and which forms the viewer gets. :func:`apply_action` runs a
posted action (propose, vote, confirm) after asking the privacy layer whether the viewer may.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from organizations.access import Viewer
from topics.models import Meeting
from topics.scoring import services
from topics.scoring.checks import meeting_checks
from topics.scoring.forms import ConfirmForm, ProposalForm, VoteForm
from topics.scoring.models import ProposalStatus, ScoreDecision, ScoreProposal, ScoreVote
from topics.scoring.sheets import effective_version

ACTIONS = ("propose", "vote", "confirm")


def _proposals(meeting: Meeting) -> list[ScoreProposal]:
    decisions = ScoreDecision.objects.select_related("decided_by").order_by("decided_at", "pk")
    return list(ScoreProposal.objects.filter(meeting=meeting).select_related("version", "proposed_by")
                .prefetch_related(Prefetch("decisions", queryset=decisions))
                .annotate(agree_count=Count("votes", filter=Q(votes__agree=True)),
                          disagree_count=Count("votes", filter=Q(votes__agree=False)))
                .order_by("proposed_at", "pk"))


def permissions(viewer: Viewer, meeting: Meeting) -> dict:
    held = meeting.status in services.SCORED_STATUSES
    return {"propose": held and viewer.can_propose_score(meeting.cell),
            "vote": held and viewer.can_vote_score(meeting.cell),
            "confirm": held and viewer.can_confirm_score(meeting.cell)}


def scoring_context(viewer: Viewer, meeting: Meeting, *, absentees, speeches_count: int, forms: dict | None = None
                    ) -> dict:
    """Everything the scoring section shows; ``forms`` carries bound forms with errors (admin re-display)."""
    forms = forms or {}
    proposals = _proposals(meeting)
    current = next((p for p in reversed(proposals) if p.status != ProposalStatus.REPLACED), None)
    pending = current if current is not None and current.status == ProposalStatus.OPEN else None
    allowed = permissions(viewer, meeting)
    today = None  # the sheet that applies today: for a new proposal, or to show an unscored meeting's criteria
    if allowed["propose"] or not (pending or meeting.scoring_version_id):
        today = effective_version(meeting.cell, meeting.kind)
    version = (pending.version if pending else meeting.scoring_version) or today
    same_sheet = meeting.scoring_version_id == version.pk
    checks = meeting_checks(meeting, version, absentees, speeches_count)
    used = {c["check"] for c in version.criteria if c.get("check")}
    rows = [{"code": c["code"], "label": c["label"], "points": c["points"],
             "proposed": pending.criteria.get(c["code"]) if pending else None,
             "confirmed": meeting.criteria_scores.get(c["code"]) if same_sheet else None,
             "check": checks.get(c.get("check"))} for c in version.criteria]
    my_vote = None
    if pending and allowed["vote"]:
        my_vote = ScoreVote.objects.filter(proposal=pending, user=viewer.user).first()
    confirm_target = current if allowed["confirm"] and current is not None else None
    ctx = {
        "sheet": version,
        "rows": rows,
        "has_confirmed": meeting.score is not None,
        "has_points": any(r["confirmed"] is not None for r in rows) or bool(pending),
        "other_checks": [c for key, c in checks.items() if key not in used],
        "pending": pending,
        "proposals": proposals,
        "show_names": viewer.visible_meetings_of(meeting.cell),
        "my_vote": my_vote,
        "can": allowed,
        "propose_form": forms.get("propose") or (
            ProposalForm(version=today, initial=_initial(pending) if pending and pending.version == today else None)
            if allowed["propose"] else None),
        "vote_form": VoteForm() if pending and allowed["vote"] and my_vote is None else None,
        "confirm_target": confirm_target,
        "confirm_form": forms.get("confirm") or (
            ConfirmForm(version=confirm_target.version, initial=_initial(confirm_target))
            if confirm_target is not None else None),
    }
    return ctx


def _initial(proposal: ScoreProposal) -> dict:
    decisions = list(proposal.decisions.all())
    values = decisions[-1].criteria if decisions else proposal.criteria
    return {f"c_{code}": points for code, points in values.items()}


@dataclass
class Outcome:
    ok: bool
    message: str
    action: str = ""
    form: object = None


def apply_action(viewer: Viewer, meeting: Meeting, data) -> Outcome:
    """Run the posted scoring action; refuses what the viewer may not do (the caller answers 404 for
    viewers who may not see the meeting at all)."""
    action = data.get("action")
    if action not in ACTIONS:
        return Outcome(False, _("Thao tác không hợp lệ."))
    allowed = permissions(viewer, meeting)
    if not allowed[action]:
        if meeting.status not in services.SCORED_STATUSES:
            return Outcome(False, _("Chỉ chấm điểm buổi sinh hoạt đã tổ chức."), action)
        return Outcome(False, _("Đồng chí không có quyền thực hiện thao tác này."), action)
    form = None
    try:
        if action == "propose":
            form = ProposalForm(data, version=effective_version(meeting.cell, meeting.kind))
            if not form.is_valid():
                return Outcome(False, _errors(form), action, form)
            proposal = services.score_propose(meeting, form.criteria(), user=viewer.user,
                                              note=form.cleaned_data.get("note", ""))
            return Outcome(True, _("Đã gửi đề xuất %(n)s điểm; đảng viên có mặt biểu quyết, cấp trên xác nhận.")
                           % {"n": proposal.total}, action)
        proposal = _current(meeting)
        if proposal is None:
            return Outcome(False, _("Chưa có đề xuất điểm nào."), action)
        if action == "vote":
            form = VoteForm(data)
            if not form.is_valid():
                return Outcome(False, _errors(form), action, form)
            services.score_vote(proposal, viewer.user, form.cleaned_data["agree"])
            return Outcome(True, _("Đã ghi nhận biểu quyết của đồng chí."), action)
        form = ConfirmForm(data, version=proposal.version)
        if not form.is_valid():
            return Outcome(False, _errors(form), action, form)
        decision = services.score_confirm(proposal, user=viewer.user, criteria=form.criteria(),
                                          reason=form.cleaned_data.get("reason", ""))
        return Outcome(True, (_("Đã điều chỉnh và xác nhận %(n)s điểm.") if decision.adjusted
                              else _("Đã xác nhận %(n)s điểm.")) % {"n": decision.total}, action)
    except ValidationError as exc:
        if form is not None:
            form.add_error(None, exc)
        return Outcome(False, " ".join(exc.messages), action, form)


def _current(meeting: Meeting) -> ScoreProposal | None:
    return (ScoreProposal.objects.filter(meeting=meeting).exclude(status=ProposalStatus.REPLACED)
            .select_related("version", "meeting", "meeting__cell").order_by("-proposed_at", "-pk").first())


def _errors(form) -> str:
    return " ".join(f"{form.fields[name].label}: {e}" if name in form.fields and form.fields[name].label else str(e)
                    for name, errs in form.errors.items() for e in errs)
