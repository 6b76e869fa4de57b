"""Objections are decided by the Atasan Pejabat Penilai Kinerja only (PP 30/2019 Pasal 59; issue 10).

The flow no longer has the timer that moved a late decision to HR (`decide__timeout` → `escalate` →
`decide_by_hr`). Stored tasks of those nodes are re-pointed at `decide` so every stored reference still resolves:
an open HR decision task goes back to the evaluation's Atasan (its snapshot; unassigned when there is none, for HR to
designate the official), and open timers are cancelled. Finished ones keep their owners and dates.
"""

from django.db import migrations

FLOW = "workflows/evaluation_flow.EvaluationFlow."
GONE = ("decide_by_hr", "escalate", "decide__timeout")
OPEN = ("NEW", "ASSIGNED", "STARTED", "SCHEDULED")


def forwards(apps, schema_editor):
    Task = apps.get_model("viewflow", "Task")
    EvaluationProcess = apps.get_model("workflows", "EvaluationProcess")
    for task in Task.objects.filter(flow_task__in=[FLOW + n for n in GONE], status__in=OPEN):
        if task.flow_task == FLOW + "decide_by_hr":
            process = EvaluationProcess.objects.select_related("evaluation__senior_appraiser").get(pk=task.process_id)
            senior = process.evaluation.senior_appraiser
            task.owner_id = senior.user_id if senior is not None else None
            task.status = "ASSIGNED" if task.owner_id else "NEW"
        else:
            task.status = "CANCELED"
        task.save(update_fields=["owner", "status"])
    Task.objects.filter(flow_task__in=[FLOW + n for n in GONE]).update(flow_task=FLOW + "decide")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0004_taskdeadline"), ("appraisal", "0009_objection_designation")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
