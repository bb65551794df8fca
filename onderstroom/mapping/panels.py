"""Where relationship mapping meets the rest of the app: the class session activity, the home page,
the audit page's words, the privacy registry and the demo."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onderstroom.audit import log
from onderstroom.audit.labels import AuditLabels
from onderstroom.audit.labels import registry as audit_labels
from onderstroom.childsessions import activities
from onderstroom.core.childdata import ChildData
from onderstroom.core.childdata import registry as child_data
from onderstroom.core.dates import when
from onderstroom.core.panels import HomeItem, HomeSource, Panel, home_items, home_panels
from onderstroom.demo import extensions
from onderstroom.mapping import access, counts, demo
from onderstroom.mapping import childdata as child_data_of_mapping
from onderstroom.mapping.access import ACTIVITY
from onderstroom.mapping.models import CHILD_GRADES
from onderstroom.mapping.services import due_check_ins
from onderstroom.schools.access import ChildActor, StaffActor, StaffHttpRequest, board_schools, today
from onderstroom.schools.models import Group
from onderstroom.tenancy import school_scope

ACTIVITY_LABEL = _("Which adults at school would you go to?")


def child_url(actor: ChildActor) -> str | None:
    found = access.session_round(actor)
    return reverse("mapping:child", args=[found.uuid]) if found else None


def activity_choices(actor: StaffActor, group: Group) -> list[tuple[str, str]]:
    """The school's open round, for a group of 3 to 8 that the teacher teaches."""
    if not actor.teaches(group) or not set(group.grades) & set(CHILD_GRADES):
        return []
    found = access.open_round(actor)
    if found is None:
        return []
    return [
        (
            str(found.uuid),
            gettext("Relationship mapping until %(day)s") % {"day": when(found.closes_on, "day")},
        )
    ]


def open_round_home(actor: StaffActor) -> list[HomeItem]:
    """For every member of staff: the open round, to mark the children who would come to them."""
    found = access.open_round(actor)
    if found is None:
        return []
    return [
        HomeItem(
            text=gettext("Relationship mapping: which children would come to you with a personal problem?"),
            detail=gettext("Open until %(day)s. One tap per child; nobody else sees your marks.")
            % {"day": when(found.closes_on, "day")},
            url=reverse("mapping:round", args=[found.uuid]),
            action=gettext("Mark children"),
        )
    ]


def champion_home(actor: StaffActor) -> list[HomeItem]:
    """For a champion: the check-in at 4 weeks and at 2 months, once its day has come."""
    day = today()
    items, named = [], []
    for champion in access.my_champions(actor).prefetch_related("check_ins"):
        due = due_check_ins(champion, day)
        if not due:
            continue
        named.append(champion.child)
        items.append(
            HomeItem(
                text=gettext("You are champion for %(name)s: how is it going?")
                % {"name": champion.child.first_name},
                detail=gettext("A check-in of one line, %(when)s after you started.")
                % {"when": gettext("4 weeks") if due[0] == "w4" else gettext("2 months")},
                url=reverse("mapping:champion", args=[champion.uuid]),
                action=gettext("Check in"),
            )
        )
    log.record_reads(actor, "mapping.champion.home", named)
    return items


def director_counts(request: StaffHttpRequest, actor: StaffActor) -> str | None:
    """The director's home page: children without a trusted adult per group and round this school
    year, small counts suppressed (the groups they teach or support are theirs to see anyway)."""
    year = actor.school_year
    if not actor.is_school_admin or year is None:
        return None
    rounds = list(access.school_rounds(actor).filter(school_year=year).order_by("started_on", "id"))
    table = counts.school_table(rounds, actor.child_group_ids) if rounds else None
    context = {"counts": table, "year": year}
    return render_to_string("mapping/panels/home_counts.html", context, request=request)


def board_counts(request: StaffHttpRequest, actor: StaffActor) -> str | None:
    """The board's home page: per school, the children with and without a trusted adult in its latest
    round, counts only, suppressed below 5."""
    if not actor.is_board_admin:
        return None
    schools = list(board_schools(actor).order_by("name"))
    if not schools:
        return None
    with school_scope(schools):
        rows = counts.board_rows(schools, frozenset(s.pk for s in actor.schools))
    if not any(row["round"] for row in rows):
        return None
    return render_to_string("mapping/panels/home_board.html", {"rows": rows}, request=request)


def register() -> None:
    """Everything relationship mapping adds to shared places (AppConfig.ready calls this once)."""
    child_data.register(
        ChildData(
            "mapping.relationships",
            order=70,
            label=_("Relationship mapping"),
            purpose=_(
                "To make sure every child has at least one adult at school they trust, and a champion if not."
            ),
            models=(
                "mapping.StaffMark",
                "mapping.MarkReceipt",
                "mapping.ChildAnswer",
                "mapping.NamedAdult",
                "mapping.Champion",
                "mapping.CheckIn",
            ),
            export=child_data_of_mapping.export_child,
            erase=child_data_of_mapping.erase_child,
        )
    )
    activities.registry.register(
        activities.Activity(
            key=ACTIVITY, label=ACTIVITY_LABEL, child_url=child_url, choices=activity_choices, order=70
        )
    )
    home_items.register(HomeSource("mapping.round", order=20, collect=open_round_home))
    home_items.register(HomeSource("mapping.champions", order=25, collect=champion_home))
    home_panels.register(Panel("mapping.director_counts", order=20, render=director_counts))
    home_panels.register(Panel("mapping.board_counts", order=80, render=board_counts))
    extensions.registry.register(extensions.DemoStep("mapping.round", order=70, step=demo.add_demo_round))
    audit_labels.register(
        AuditLabels(
            "mapping",
            actions={
                "mapping.round.start": _("Started a relationship mapping round"),
                "mapping.round.close": _("Closed a relationship mapping round"),
                "mapping.marks.save": _("Marked children who would come to them"),
                "mapping.answer.save": _("A pupil named the adults they would go to"),
                "mapping.map.view": _("Viewed the relationship map"),
                "mapping.photo.view": _("Saw a pupil's photo while marking"),
                "mapping.champion.set": _("Recorded a champion for a child"),
                "mapping.champion.offer": _("Volunteered as champion, or withdrew"),
                "mapping.champion.home": _("Saw a champion's check-in on the home page"),
                "mapping.check_in.write": _("Wrote a champion's check-in"),
                "mapping.settings.update": _("Changed the relationship mapping settings"),
            },
        )
    )
