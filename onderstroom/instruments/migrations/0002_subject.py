"""What a response is about (`subject`), and staff members as respondents.

Every instrument so far is a relationship questionnaire: about a child. The new column's default
gives every existing row "child".
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("instruments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="subject",
            field=models.CharField(
                choices=[("child", "a child"), ("class", "a class"), ("school", "the school"), ("practice", "own practice")],
                default="child",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="respondent",
            field=models.CharField(
                choices=[("teacher", "teacher"), ("child", "child"), ("staff", "staff member")], max_length=10
            ),
        ),
    ]
