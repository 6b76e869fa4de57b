from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from appraisal import policy
from appraisal.evaluation.selectors import dialogues_upcoming, feedback_received, year_result
from appraisal.org.selectors import appraiser_of, appraiser_roles, employee_for_user, senior_appraiser_of, today


@login_required
def home(request):
    me = employee_for_user(request.user)
    context = {
        "me": me,
        "appraiser": appraiser_of(me) if me else None,
        "senior_appraiser": senior_appraiser_of(me) if me else None,
        # The titles they bear in those roles: "Plt. Lurah Naioni" for an acting official (rules.role_title).
        "appraiser_titles": appraiser_roles(me) if me else ("", ""),
        "org_results_to_confirm": policy.org_results_awaiting(request.user).count() if me else 0,
        "has_dashboard": policy.can_view_dashboard(request.user),
        "year_result": year_result(me, today().year) if me else None,
        "feedback_received": feedback_received(me) if me else [],
        "dialogues_upcoming": dialogues_upcoming(me, on=today()) if me else [],
    }
    return render(request, "appraisal/home.html", context)
