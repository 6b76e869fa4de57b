"""Which rows of a list the signed-in user may coach, for pages whose view does not say (the dashboard):
{% load coaching %}{% coachee_ids as mine %} … {% if p.id in mine %}…{% endif %}. policy.coachee_ids decides,
memoised per request."""

from django import template

from appraisal import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def coachee_ids(context) -> set[int]:
    request = context.get("request")
    return policy.coachee_ids(request.user) if request is not None else set()
