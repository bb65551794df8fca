"""Store the profile of every teacher's response that was saved before responses kept it.

The same rule as the answering service (`scoring.stored_profile`) on the scores stored with the
response, with the instrument version's own definition.
"""

from django.db import migrations


def fill(apps, schema_editor) -> None:  # noqa: ANN001 - the signature Django's RunPython calls
    from onderstroom.instruments.engine import definition_from_json
    from onderstroom.questionnaires.scoring import stored_profile

    response_model = apps.get_model("questionnaires", "Response")
    try:
        version_model = apps.get_model("questionnaires", "InstrumentVersion")
    except LookupError:  # called with today's models: the versions moved to the instruments app (0008)
        version_model = apps.get_model("instruments", "InstrumentVersion")
    specs = {
        pk: definition_from_json(data)
        for pk, data in version_model._base_manager.values_list("pk", "definition")
    }
    changed = []
    for response in (
        response_model._base_manager.filter(respondent="teacher")
        .only("pk", "version_id", "scores", "respondent")
        .iterator(chunk_size=2000)
    ):
        response.profile = stored_profile(specs[response.version_id], response.respondent, response.scores)
        if response.profile:
            changed.append(response)
        if len(changed) >= 2000:
            response_model._base_manager.bulk_update(changed, ["profile"])
            changed = []
    response_model._base_manager.bulk_update(changed, ["profile"])


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0004_response_profile")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
