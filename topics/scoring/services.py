"""Scoring a meeting: ``score_propose`` → ``score_vote`` → ``score_confirm`` (and ``score_record`` for a score
that arrives already decided: imports, the outcome service).

Rules that hold whoever calls (meeting page, admin, commands):

* only a meeting that took place (held or concluded) is scored;
* a proposal is scored with the sheet that applies to the cell and kind at that moment, and keeps it; a newer
  proposal replaces an open one (which stays in the history with its votes);
* one vote per member per proposal; no more votes than members present when attendance is recorded;
* the confirmation copies the proposal, or adjusts it — an adjustment needs a reason; the meeting's score,
  points per criterion and sheet version are then the confirmed ones.

Who may do what is the caller's question (``Viewer.can_propose_score`` / ``can_vote_score`` /
``can_confirm_score``), as for the meeting lifecycle.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from topics.models import Meeting, MeetingStatus
from topics.scoring.models import ProposalStatus, ScoreDecision, ScoreProposal, ScoreVote, ScoringVersion
from topics.scoring.sheets import decided_score, effective_version, validate_criteria

SCORED_STATUSES = (MeetingStatus.HELD, MeetingStatus.CONCLUDED)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _require_held(meeting: Meeting) -> None:
    if meeting.status not in SCORED_STATUSES:
        raise ValidationError(_("Chỉ chấm điểm buổi sinh hoạt đã tổ chức (trạng thái hiện tại: “%(s)s”).")
                              % {"s": meeting.get_status_display()}, code="not_held")


def open_proposal(meeting: Meeting) -> ScoreProposal | None:
    return (ScoreProposal.objects.filter(meeting=meeting, status=ProposalStatus.OPEN)
            .select_related("version").order_by("-proposed_at", "-pk").first())


def _apply(meeting: Meeting, version: ScoringVersion, criteria: dict, total: int) -> None:
    meeting.score = total
    meeting.criteria_scores = criteria
    meeting.scoring_version = version
    Meeting.objects.filter(pk=meeting.pk).update(score=total, criteria_scores=criteria, scoring_version=version,
                                                 updated_at=timezone.now())


@transaction.atomic
def score_propose(meeting: Meeting, criteria: dict, *, user=None, note: str = "", now=None) -> ScoreProposal:
    """The cell committee's proposal, criterion by criterion, on the sheet that applies to the meeting."""
    _require_held(meeting)
    version = effective_version(meeting.cell, meeting.kind)
    clean, total = validate_criteria(version, criteria)
    ScoreProposal.objects.filter(meeting=meeting, status=ProposalStatus.OPEN).update(status=ProposalStatus.REPLACED)
    return ScoreProposal.objects.create(meeting=meeting, version=version, criteria=clean, total=total,
                                        note=(note or "").strip(), proposed_by=_user(user),
                                        proposed_at=now or timezone.now())


@transaction.atomic
def score_vote(proposal: ScoreProposal, user, agree: bool, *, now=None) -> ScoreVote:
    """One member's vote on the open proposal (a second vote by the same member is refused)."""
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("Đề xuất này không còn chờ biểu quyết."), code="closed")
    if ScoreVote.objects.filter(proposal=proposal, user=user).exists():
        raise ValidationError(_("Đồng chí đã biểu quyết về đề xuất này (mỗi đảng viên một phiếu)."),
                              code="already_voted")
    present = proposal.meeting.attendance_present
    if present is not None and proposal.votes.count() >= present:
        raise ValidationError(_("Số phiếu đã bằng số đảng viên có mặt (%(n)s).") % {"n": present}, code="full")
    try:
        with transaction.atomic():
            return ScoreVote.objects.create(proposal=proposal, user=user, agree=bool(agree), at=now or timezone.now())
    except IntegrityError:  # two clicks at once: the unique constraint keeps one vote
        raise ValidationError(_("Đồng chí đã biểu quyết về đề xuất này (mỗi đảng viên một phiếu)."),
                              code="already_voted") from None


@transaction.atomic
def score_confirm(proposal: ScoreProposal, *, user=None, criteria: dict | None = None, reason: str = "",
                  now=None) -> ScoreDecision:
    """Confirm the proposal as it is (``criteria`` None or equal), or adjust it with a reason. A confirmed
    proposal may be adjusted again later; every decision stays in the history."""
    meeting = proposal.meeting
    _require_held(meeting)
    if proposal.status == ProposalStatus.REPLACED:
        raise ValidationError(_("Đề xuất này đã được thay bằng đề xuất mới."), code="replaced")
    if criteria is None:
        clean, total = dict(proposal.criteria), proposal.total
    else:
        clean, total = validate_criteria(proposal.version, criteria)
    current = proposal.decisions.order_by("-decided_at", "-pk").first()
    adjusted = clean != proposal.criteria
    reason = (reason or "").strip()
    if not reason and (adjusted or (current is not None and clean != current.criteria)):
        raise ValidationError(_("Cần nêu lý do điều chỉnh điểm."), code="reason_required")
    decision = ScoreDecision.objects.create(proposal=proposal, criteria=clean, total=total, adjusted=adjusted,
                                            reason=reason, decided_by=_user(user), decided_at=now or timezone.now())
    if proposal.status != ProposalStatus.CONFIRMED:
        proposal.status = ProposalStatus.CONFIRMED
        proposal.save(update_fields=["status"])
    _apply(meeting, proposal.version, clean, total)
    return decision


def score_record(meeting: Meeting, *, criteria: dict | None = None, score: int | None = None,
                 version: ScoringVersion | None = None) -> Meeting:
    """Set the meeting's score directly (``meeting_record_outcome``): the sum of ``criteria`` on the sheet that
    applies (a different ``score`` is an error), else ``score`` alone. Does not save: the caller saves the
    meeting with its other changes."""
    version = version or effective_version(meeting.cell, meeting.kind)
    meeting.criteria_scores, meeting.score = decided_score(version, criteria, score)
    meeting.scoring_version = version if meeting.score is not None else None
    return meeting
