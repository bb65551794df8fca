"""Instrument and InstrumentVersion move here from the questionnaires app, in the state only.

The tables stay as they are (`questionnaires_instrument`, `questionnaires_instrumentversion`, named
in the models' Meta): no row is copied or touched. The questionnaires app's 0008 removes the two
models from its own state and points its foreign keys here.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("questionnaires", "0007_group_signals"),
        ("schools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Instrument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("key", models.CharField(max_length=60)),
                ("respondent", models.CharField(choices=[("teacher", "teacher"), ("child", "child")], max_length=10)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "school",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schools.school",
                    ),
                ),
            ],
            options={
                "db_table": "questionnaires_instrument",
                "ordering": ["key"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("school__isnull", True)), fields=("key",), name="instrument_shipped_key"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("school__isnull", False)),
                        fields=("school", "key"),
                        name="instrument_school_key",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="InstrumentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("number", models.PositiveIntegerField()),
                ("label", models.CharField(max_length=40)),
                ("sha256", models.CharField(max_length=64)),
                ("source", models.TextField()),
                ("definition", models.JSONField()),
                ("loaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "instrument",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="instruments.instrument",
                    ),
                ),
                (
                    "loaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "questionnaires_instrumentversion",
                "ordering": ["instrument__key", "-number"],
                "constraints": [
                    models.UniqueConstraint(fields=("instrument", "number"), name="instrument_version_number"),
                    models.UniqueConstraint(fields=("instrument", "sha256"), name="instrument_version_content"),
                ],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
