"""Indexes for the lists that page (issue 13): the HR period page, the HR employee list, the inbox and the sign-off
list. viewflow's task table belongs to viewflow: its two partial indexes (open tasks only, the few among the many
finished ones) are plain SQL that both SQLite and PostgreSQL accept."""

from django.conf import settings
from django.db import migrations, models

OPEN = "status IN ('NEW', 'ASSIGNED', 'STARTED')"


class Migration(migrations.Migration):
    dependencies = [
        ("appraisal", "0019_siasn"),
        ("viewflow", "0015_task_scheduled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["name", "id"], name="employee_name"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["period", "unit_name", "id"], name="evaluation_period_unit_name"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["period", "status"], name="evaluation_period_status"),
        ),
        # The inbox: a user's open tasks, oldest first.
        migrations.RunSQL(
            f"CREATE INDEX task_open_by_owner ON viewflow_task (owner_id, created, id) WHERE {OPEN}",
            "DROP INDEX task_open_by_owner",
        ),
        # The sign-off list and the objection decisions: the open tasks of one step.
        migrations.RunSQL(
            f"CREATE INDEX task_open_by_step ON viewflow_task (flow_task, id) WHERE {OPEN}",
            "DROP INDEX task_open_by_step",
        ),
    ]
