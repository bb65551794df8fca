"""Handover notes in the demo: last school year's teachers wrote what helped for a few children who
now have another teacher, so this year's teacher finds them on the child page (in De Stroming: Ingrid
to Mehmet, Mehmet to Sanne and Bram, Sanne and Bram to Kees)."""

from typing import TYPE_CHECKING

from onderstroom.handover.models import HandoverNote
from onderstroom.schools.models import Enrollment, GroupAssignment

if TYPE_CHECKING:
    from onderstroom.demo.demo_board import DemoBoard

NOTES_PER_SCHOOL = 3
NOTES = (
    {
        "themes": "Tekenen van stripfiguren; praten over haar konijn.",
        "approach": "'s Ochtends even persoonlijk begroeten bij de deur; een taak in kleine stappen.",
        "trusted_adult": "Gaat naar de conciërge als er iets is.",
    },
    {
        "themes": "Lego bouwen en voetbal.",
        "approach": "Vooraf zeggen wat er gaat gebeuren; bij onrust even een boodschap laten doen.",
        "insight": "Zette zichzelf in de opstelling dicht bij de juf; wil gezien worden.",
    },
    {
        "approach": "Complimenten over inzet, niet over het resultaat.",
        "trusted_adult": "De gymleraar: hij vraagt elke week even hoe het gaat.",
        "insight": "Plaatste zich aan de rand van de groep, met één vriend dichtbij.",
    },
)


def add_demo_notes(demo: "DemoBoard") -> None:
    for demo_school in demo.schools:
        previous = demo_school.years.previous
        teachers = dict(
            GroupAssignment.objects.filter(
                group__school_year=previous, kind=GroupAssignment.Kind.TEACHER
            ).values_list("group_id", "user_id")
        )
        now_teachers = {
            (a.group_id, a.user_id)
            for a in GroupAssignment.objects.filter(group__school_year=demo_school.years.current)
        }
        current = {
            e.child_id: e.group_id for e in Enrollment.objects.filter(school_year=demo_school.years.current)
        }
        notes: list[HandoverNote] = []
        written: set[int] = set()  # one note per group of last year, so several teachers find one
        for enrollment in Enrollment.objects.filter(school_year=previous).order_by("group__name", "child_id"):
            author = teachers.get(enrollment.group_id)
            now = current.get(enrollment.child_id)
            # Only where the child changed teacher: a note to oneself hands nothing over.
            if (
                author is None
                or now is None
                or (now, author) in now_teachers
                or enrollment.group_id in written
            ):
                continue
            written.add(enrollment.group_id)
            text = NOTES[len(notes) % len(NOTES)]
            notes.append(
                HandoverNote(
                    school=demo_school.school,
                    child_id=enrollment.child_id,
                    group_id=enrollment.group_id,
                    school_year=previous,
                    author_id=author,
                    **text,
                )
            )
            if len(notes) == NOTES_PER_SCHOOL:
                break
        HandoverNote.objects.bulk_create(notes)
