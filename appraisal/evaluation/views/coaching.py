"""The appraiser's team (/tim/): each member whose Pejabat Penilai Kinerja the user is, with their last continuous
feedback and next dialogue, and the two-click actions (give feedback, schedule a dialogue). The weekly nudge links
here. Each action's page checks policy.can_coach again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from appraisal import policy
from appraisal.dashboard.selectors import FEEDBACK_WINDOW_DAYS, feedback_since
from appraisal.evaluation.selectors import team_rows


@login_required
def team_coaching(request):
    members = list(team_rows(policy.coachee_ids(request.user)))
    since = feedback_since(timezone.now())
    for m in members:
        m.coached = m.last_feedback is not None and m.last_feedback >= since
    return render(
        request,
        "evaluation/team.html",
        {
            "members": members,
            "uncoached": sum(1 for m in members if not m.coached),
            "window_days": FEEDBACK_WINDOW_DAYS,
        },
    )
