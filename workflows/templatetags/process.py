"""{% process_timeline plan_or_evaluation %}: where an SKP or evaluation stands (workflows/timeline.py)."""

from django import template

from appraisal import policy
from appraisal.models import Evaluation, PerformancePlan
from workflows.timeline import evaluation_timeline, plan_timeline

register = template.Library()


@register.inclusion_tag("workflows/_timeline.html", takes_context=True)
def process_timeline(context, subject) -> dict:
    if isinstance(subject, Evaluation):
        # Peer counts only for those the policy lets see them: never the evaluated employee.
        user = context["request"].user
        steps = evaluation_timeline(subject, peer_counts=policy.can_see_peer_progress(user, subject))
        return {"steps": steps, "kind": "evaluation"}
    if isinstance(subject, PerformancePlan):
        return {"steps": plan_timeline(subject), "kind": "plan"}
    raise TypeError(f"no process timeline for {type(subject).__name__}")
