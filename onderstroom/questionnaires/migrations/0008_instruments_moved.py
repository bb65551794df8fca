"""Instrument and InstrumentVersion now live in the instruments app (its 0001), in the state only.

The tables and every row stay where they are; the foreign keys to the versions keep their columns
and now point at `instruments.InstrumentVersion`, which names the same table.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("questionnaires", "0007_group_signals"),
        ("instruments", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="measurementmoment",
            name="teacher_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="instruments.instrumentversion",
            ),
        ),
        migrations.AlterField(
            model_name="measurementmoment",
            name="child_versions",
            field=models.ManyToManyField(blank=True, related_name="+", to="instruments.instrumentversion"),
        ),
        migrations.AlterField(
            model_name="response",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="instruments.instrumentversion"
            ),
        ),
        migrations.AlterField(
            model_name="schoolreference",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="instruments.instrumentversion"
            ),
        ),
        migrations.DeleteModel(name="InstrumentVersion"),
        migrations.DeleteModel(name="Instrument"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        # Staff members answer instruments too; a relationship's responses stay teacher or child.
        migrations.AlterField(
            model_name="response",
            name="respondent",
            field=models.CharField(
                choices=[("teacher", "teacher"), ("child", "child"), ("staff", "staff member")], max_length=10
            ),
        ),
    ]
