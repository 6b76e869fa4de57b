from django.utils.functional import SimpleLazyObject

from appraisal import policy
from appraisal.notifications.selectors import unread_count
from appraisal.org.selectors import employee_for_user


def current_employee(request):
    """The signed-in user's employee record and role flags, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"me": employee_for_user(user), "me_is_hr": policy.is_hr_or_admin(user)}


def unread_notifications(request):
    """The bell's number of unread notifications (one COUNT per page, only when the bell is shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
