"""SkpFlow moved from workflows/flows.py to workflows/skp_flow.py: viewflow stores flows and tasks by dotted
reference ("workflows/flows.SkpFlow.draft"), so stored rows follow the move."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

OLD, NEW = "workflows/flows.SkpFlow", "workflows/skp_flow.SkpFlow"


def forwards(apps, schema_editor, old=OLD, new=NEW):
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    Process.objects.filter(flow_class=old).update(flow_class=new)
    Task.objects.filter(flow_task__startswith=old + ".").update(flow_task=Replace("flow_task", Value(old), Value(new)))


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0002_evaluationprocess"), ("viewflow", "0015_task_scheduled")]
    operations = [migrations.RunPython(forwards, backwards)]
