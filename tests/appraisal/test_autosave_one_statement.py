"""The autosave's one-statement path on PostgreSQL (issue 13, services._autosave_in_one_statement): it writes the
same history row simple-history writes, refuses what the locked path refuses, and waits for a concurrent submit."""

import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from appraisal.evaluation import services
from appraisal.models import Evaluation, EvaluationStatus, Realization
from tests.appraisal.evaluation_pages_setup import at, build
from tests.factories import OrgFactory

pytestmark = pytest.mark.postgres

VOLATILE = {"history_id", "history_date", "updated_at"}


def latest_history(realization_id: int) -> dict:
    return Realization.history.filter(id=realization_id).order_by("-history_id").values()[0]


@pytest.mark.django_db
def test_one_statement_writes_the_row_and_the_history_simple_history_would(org, django_assert_num_queries):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        ev = build(org).ev
    first = ev.realizations.order_by("id").first()
    user = org.staff_a.user
    with time_machine.travel(at(2026, 9, 15), tick=True):
        with django_assert_num_queries(1):
            saved = services.realization_autosave(
                evaluation_id=ev.pk,
                realization_id=first.pk,
                actor=user,
                changes={"value": Decimal("12.5"), "note": "A"},
            )
        fast = latest_history(first.pk)
        services._realization_autosave_locked(ev.pk, first.pk, user, {"value": Decimal("12.5"), "note": "A"})
        orm = latest_history(first.pk)
    stored = Realization.objects.get(pk=first.pk)
    assert (saved.pk, saved.value, saved.note, saved.updated_at) == (
        stored.pk,
        Decimal("12.5"),
        "A",
        fast["updated_at"],
    )
    assert {k: v for k, v in fast.items() if k not in VOLATILE} == {k: v for k, v in orm.items() if k not in VOLATILE}
    assert fast["history_type"] == "~" and fast["history_user_id"] == user.pk
    assert fast["history_date"] == fast["updated_at"]

    # Only the note sent: the value keeps its saved figure, in the row and in the history.
    services.realization_autosave(evaluation_id=ev.pk, realization_id=first.pk, actor=user, changes={"note": "B"})
    assert Realization.objects.values_list("value", "note").get(pk=first.pk) == (Decimal("12.5"), "B")
    assert (latest_history(first.pk)["value"], latest_history(first.pk)["note"]) == (Decimal("12.5"), "B")


@pytest.mark.django_db
def test_what_one_statement_does_not_save_is_refused_as_before(org):
    with time_machine.travel(at(2026, 7, 1), tick=False):
        ev = build(org).ev
    first = ev.realizations.order_by("id").first()
    rows = Realization.history.count()
    kwargs = {"evaluation_id": ev.pk, "realization_id": first.pk, "changes": {"value": Decimal("1")}}
    # Not the actor's own: None (the view answers 403 or 404), nothing written.
    assert services.realization_autosave(actor=org.kasi_a.user, **kwargs) is None
    assert services.realization_autosave(actor=org.peer_a.user, **{**kwargs, "evaluation_id": ev.pk + 1}) is None
    # Submitted: the locked message.
    Evaluation.objects.filter(pk=ev.pk).update(status=EvaluationStatus.FEEDBACK)
    with pytest.raises(ValidationError) as refused:
        services.realization_autosave(actor=org.staff_a.user, **kwargs)
    assert refused.value.error_list[0].code == "locked"
    # Final: locked too.
    Evaluation.objects.filter(pk=ev.pk).update(status=EvaluationStatus.SELF_ASSESSMENT, is_final=True)
    with pytest.raises(services.EvaluationLocked):
        services.realization_autosave(actor=org.staff_a.user, **kwargs)
    assert Realization.history.count() == rows
    assert Realization.objects.get(pk=first.pk).value is None


@pytest.mark.django_db(transaction=True)
def test_an_autosave_waits_for_a_concurrent_submit_and_then_saves_nothing():
    """The submit holds the evaluation FOR UPDATE while it changes the state; the one statement holds it FOR SHARE,
    so it waits, then sees the evaluation submitted and leaves the realisation as the submit checked it."""
    org = OrgFactory.build_small()
    with time_machine.travel(at(2026, 7, 1), tick=False):
        ev = build(org).ev
    first = ev.realizations.order_by("id").first()
    user_id = org.staff_a.user_id
    outcome: list[object] = []

    def autosave():
        from django.contrib.auth.models import User

        try:
            services.realization_autosave(
                evaluation_id=ev.pk, realization_id=first.pk, actor=User.objects.get(pk=user_id),
                changes={"value": Decimal("99")},
            )  # fmt: skip
            outcome.append("saved")
        except ValidationError as exc:
            outcome.append(exc.error_list[0].code)
        finally:
            connection.close()

    with transaction.atomic():
        Evaluation.objects.select_for_update().get(pk=ev.pk)
        Evaluation.objects.filter(pk=ev.pk).update(status=EvaluationStatus.FEEDBACK)
        worker = threading.Thread(target=autosave)
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive(), outcome  # it waits for the submit's lock
    worker.join(timeout=30)
    assert outcome == ["locked"]
    assert Realization.objects.get(pk=first.pk).value is None


@pytest.mark.django_db
def test_the_statement_compiled_once_is_the_one_compiled_for_each_user(org, admin_user):
    """_autosave_statement compiles policy.subject_q with stand-in ids and fills in the real ones per call: for an
    employee, an appraiser, HR and a superuser the SQL and parameters equal a fresh compilation for that user."""
    for user in (org.staff_a.user, org.kasi_a.user, org.hr_kec, admin_user):
        for sets in [(), ("value",), ("note",), ("value", "note")]:
            sql, slots = services._autosave_statement(sets)
            fresh_sql, fresh_params = services._autosave_target(user, 41, 42).sql_with_params()
            ids = {"actor": user.pk, "realization": 42, "evaluation": 41}
            assert f"WITH target AS ({fresh_sql} FOR SHARE OF " in sql
            assert [ids[name] if name else value for name, value in slots] == list(fresh_params)


@pytest.mark.django_db
def test_values_the_model_refuses_are_refused_before_anything_is_written(org):
    """The service cleans the fields sent with the model's own fields: a caller that skipped the form gets a
    ValidationError (15 digits where the column holds 14, words for a number), not a database error."""
    with time_machine.travel(at(2026, 7, 1), tick=False):
        ev = build(org).ev
    first = ev.realizations.order_by("id").first()
    rows = Realization.history.count()
    for changes in ({"value": Decimal("1234567890123.45")}, {"value": "dua belas"}):
        with pytest.raises(ValidationError):
            services.realization_autosave(
                evaluation_id=ev.pk, realization_id=first.pk, actor=org.staff_a.user, changes=changes
            )
    assert Realization.history.count() == rows
    assert Realization.objects.get(pk=first.pk).value is None
