from onderstroom.imports.models import ImportJob
from onderstroom.imports.services import current_year_name
from onderstroom.testing.matrix import P, Rule, expect, for_school_admin
from onderstroom.testing.world import World

# A pupil for the world's "Groep 7": the school admin can preview and apply it.
SAMPLE = b"Leerlingnummer;Roepnaam;Achternaam;Groep;Leerjaar\r\nM1;Sanne;Jansen;Groep 7;7\r\n"


def _job(world: World, status: str = ImportJob.Status.PENDING) -> ImportJob:
    """An import of the world's school; the outsider, admin of another school, must not find it."""
    return ImportJob.objects.create(
        school=world.school,
        kind=ImportJob.Kind.TABLE,
        status=status,
        filename="leerlingen.csv",
        year_name=current_year_name(),
        content=SAMPLE if status == ImportJob.Status.PENDING else None,
        created_by=world.admin,
    )


RULES = {
    "imports:start": Rule(expect=for_school_admin()),
    "imports:preview": Rule(kwargs=lambda w: {"uuid": _job(w).uuid}, expect=expect({P.ADMIN: 200})),
    "imports:confirm": Rule(
        method="post", kwargs=lambda w: {"uuid": _job(w).uuid}, expect=expect({P.ADMIN: 302})
    ),
    "imports:cancel": Rule(
        method="post", kwargs=lambda w: {"uuid": _job(w).uuid}, expect=expect({P.ADMIN: 302})
    ),
    "imports:result": Rule(
        kwargs=lambda w: {"uuid": _job(w, ImportJob.Status.APPLIED).uuid}, expect=expect({P.ADMIN: 200})
    ),
}
