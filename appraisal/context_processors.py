from appraisal import policy
from appraisal.org.selectors import employee_for_user


def current_employee(request):
    """The signed-in user's employee record and role flags, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"me": employee_for_user(user), "me_is_hr": policy.is_hr_or_admin(user)}
