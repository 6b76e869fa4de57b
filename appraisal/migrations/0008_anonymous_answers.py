"""Anonymity in the database (issue 9, finding 4).

Peer answers and survey responses get random keys (no order to read) and survey responses a date instead of a
time (no timestamp equal to the token's); existing rows are re-keyed in random order. The citizen's name and
phone leave the service-request history, so erasing them (when the survey link is used or expires) erases them.
"""

import random

from django.db import migrations, models
from django.utils import timezone

import appraisal.models.keys


def date_of_responses(apps, schema_editor):
    SurveyResponse = apps.get_model("appraisal", "SurveyResponse")
    for pk, submitted_at in SurveyResponse.objects.values_list("pk", "submitted_at").iterator():
        SurveyResponse.objects.filter(pk=pk).update(submitted_on=timezone.localdate(submitted_at))


def rekey(apps, schema_editor):
    for name in ("PeerFeedback", "SurveyResponse"):
        model = apps.get_model("appraisal", name)
        ids = list(model.objects.values_list("pk", flat=True))
        random.SystemRandom().shuffle(ids)
        for pk in ids:
            model.objects.filter(pk=pk).update(id=appraisal.models.keys.random_key())


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0007_evaluation_employee_name")]

    operations = [
        migrations.RemoveField(model_name="historicalservicerequest", name="citizen_name"),
        migrations.RemoveField(model_name="historicalservicerequest", name="citizen_phone"),
        migrations.RemoveField(model_name="peerfeedback", name="submitted_on"),
        migrations.AlterField(
            model_name="peerfeedback",
            name="id",
            field=models.BigIntegerField(
                default=appraisal.models.keys.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="surveyresponse",
            name="submitted_on",
            field=models.DateField(null=True, verbose_name="tanggal"),
        ),
        migrations.RunPython(date_of_responses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="surveyresponse",
            name="submitted_on",
            field=models.DateField(verbose_name="tanggal"),
        ),
        migrations.RemoveIndex(model_name="surveyresponse", name="appraisal_s_officer_7a042e_idx"),
        migrations.RemoveIndex(model_name="surveyresponse", name="appraisal_s_unit_id_17bf98_idx"),
        migrations.RemoveField(model_name="surveyresponse", name="submitted_at"),
        migrations.AddIndex(
            model_name="surveyresponse",
            index=models.Index(fields=["officer", "submitted_on"], name="appraisal_s_officer_on_idx"),
        ),
        migrations.AddIndex(
            model_name="surveyresponse",
            index=models.Index(fields=["unit", "submitted_on"], name="appraisal_s_unit_on_idx"),
        ),
        migrations.AlterField(
            model_name="surveyresponse",
            name="id",
            field=models.BigIntegerField(
                default=appraisal.models.keys.random_key, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
