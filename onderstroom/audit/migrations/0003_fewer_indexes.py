"""Three indexes every audit row paid for on insert that no read needs: the school's own (the
school-and-time index begins with it), the time's alone (every read is per school or per chain),
and the child link's (a deleted child's rows are found by the uuid, which is indexed; the link is
no longer set to null by Django but by the audit app, `apps._unlink_deleted_child`). The child's
index cost most: a class overview's 60 read rows went into 60 of its pages. Dropped by name rather
than by altering the fields: on SQLite that would copy the whole audit table each time."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {
    "audit_auditevent_created_at_58e81936": "created_at",
    "audit_auditevent_school_id_c4774c2a": "school_id",
    "audit_auditevent_child_id_64658f17": "child_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_seal_with_key"),
        ("schools", "0004_staff_member_role"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in DROPPED],
                    reverse_sql=[
                        f'CREATE INDEX "{name}" ON "audit_auditevent" ("{column}")'
                        for name, column in DROPPED.items()
                    ],
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="child",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="schools.child",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="created_at",
                    field=models.DateTimeField(),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="school",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="schools.school",
                    ),
                ),
            ],
        )
    ]
