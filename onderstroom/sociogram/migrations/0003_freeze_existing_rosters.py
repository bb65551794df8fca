"""Freeze the class list of every survey that existed before surveys kept their own.

As well as it can be known afterwards: the children enrolled in the group now, plus every child
who answered the survey or was named or rated in it (they were in the class when it ran, even if
they have left since). A child who joined after the survey is counted in, which the record cannot
tell apart; surveys opened from now on freeze their list at opening.
"""

from django.db import migrations


def freeze(apps, schema_editor) -> None:  # noqa: ANN001 - the signature Django's RunPython calls
    survey_model = apps.get_model("sociogram", "PeerSurvey")
    entry_model = apps.get_model("sociogram", "RosterEntry")
    enrollment_model = apps.get_model("schools", "Enrollment")
    response_model = apps.get_model("sociogram", "PeerResponse")
    nomination_model = apps.get_model("sociogram", "PeerNomination")
    rating_model = apps.get_model("sociogram", "PeerRating")
    for survey in survey_model._base_manager.all().iterator():
        grades = dict(
            enrollment_model._base_manager.filter(group_id=survey.group_id).values_list("child_id", "grade")
        )
        took_part = {
            *response_model._base_manager.filter(survey_id=survey.pk).values_list("child_id", flat=True),
            *nomination_model._base_manager.filter(response__survey_id=survey.pk).values_list(
                "nominee_id", flat=True
            ),
            *rating_model._base_manager.filter(response__survey_id=survey.pk).values_list("ratee_id", flat=True),
        }
        # A leaver's grade then: their latest enrolment's, which is the one they had or the next.
        for child_id in took_part - grades.keys():
            latest = (
                enrollment_model._base_manager.filter(child_id=child_id)
                .order_by("-school_year__starts_on", "-pk")
                .values_list("grade", flat=True)
                .first()
            )
            grades[child_id] = latest or 0
        entry_model._base_manager.bulk_create(
            entry_model(school_id=survey.school_id, survey_id=survey.pk, child_id=child_id, grade=grade)
            for child_id, grade in grades.items()
        )


class Migration(migrations.Migration):
    dependencies = [("sociogram", "0002_survey_roster"), ("schools", "0001_initial")]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]
