from django.utils.functional import SimpleLazyObject

from workflows.selectors import open_tasks_of


def open_task_count(request):
    """How many open tasks the signed-in user has, for the badge on "Tugas" (one COUNT, only if shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return open_tasks_of(user).count()

    return {"open_task_count": SimpleLazyObject(count)}
