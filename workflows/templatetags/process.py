"""{% process_timeline plan_or_evaluation %}: where an SKP or evaluation stands (workflows/timeline.py)."""

from django import template

from appraisal.models import Evaluation, PerformancePlan
from workflows.timeline import evaluation_timeline, plan_timeline

register = template.Library()


@register.inclusion_tag("workflows/_timeline.html")
def process_timeline(subject) -> dict:
    if isinstance(subject, Evaluation):
        return {"steps": evaluation_timeline(subject), "kind": "evaluation"}
    if isinstance(subject, PerformancePlan):
        return {"steps": plan_timeline(subject), "kind": "plan"}
    raise TypeError(f"no process timeline for {type(subject).__name__}")
