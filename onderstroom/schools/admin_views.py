"""Managing a school: staff, groups and school years (school admin), the board overview (board
admin), and a child's photo (the child's teachers). The admin screens show no individual child data.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.accounts.models import User
from onderstroom.core.errors import Refused
from onderstroom.core.pdf import render_pdf
from onderstroom.core.privacy import LINKED_MARK, Cell, suppress_table
from onderstroom.jobs import services as jobs
from onderstroom.jobs.registry import JobFile, Progress
from onderstroom.schools import access, services
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.forms import (
    AssignForm,
    GroupForm,
    HolidayForm,
    PhotoForm,
    StaffAddForm,
    StaffRolesForm,
)
from onderstroom.schools.models import (
    GRADES,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    Role,
    School,
    SchoolHoliday,
    SchoolYear,
)
from onderstroom.tenancy import school_scope


def _uuid_or_404(value: str | None) -> UUID:
    try:
        return UUID(str(value))
    except ValueError as error:
        raise Http404 from error


# --- staff --------------------------------------------------------------------------------------


@dataclass
class StaffRow:
    user: User
    roles: list[str] = field(default_factory=list)
    assignments: list[GroupAssignment] = field(default_factory=list)


def _staff_rows(admin: StaffActor) -> list[StaffRow]:
    """Everyone with a role here, with their roles and this year's groups: two queries in all."""
    rows: dict[int, StaffRow] = {}
    memberships = (
        Membership.objects.filter(school=admin.school)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )
    for membership in memberships:
        row = rows.setdefault(membership.user_id, StaffRow(user=membership.user))
        row.roles.append(membership.get_role_display())
    if admin.school_year is not None:
        assignments = (
            GroupAssignment.objects.filter(school=admin.school, group__school_year=admin.school_year)
            .select_related("group")
            .order_by("group__name", "kind")
        )
        for assignment in assignments:
            if assignment.user_id in rows:
                rows[assignment.user_id].assignments.append(assignment)
    return list(rows.values())


def _render_staff(request: StaffHttpRequest, form: StaffAddForm) -> HttpResponse:
    context = {
        "rows": _staff_rows(request.actor),
        "form": form,
        "invitations": services.pending_invitations(request.actor),
    }
    return render(request, "schools/admin/staff.html", context)


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def staff(request: StaffHttpRequest) -> HttpResponse:
    return _render_staff(request, StaffAddForm())


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def staff_add(request: StaffHttpRequest) -> HttpResponse:
    form = StaffAddForm(request.POST)
    if not form.is_valid():
        return _render_staff(request, form)
    try:
        added = services.add_staff(
            request.actor,
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            roles=form.cleaned_data["roles"],
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return _render_staff(request, form)
    # The temporary password is shown on this response only: never stored in a message or the session.
    return render(request, "schools/admin/staff_added.html", {"added": added})


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def staff_member(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor: StaffActor = request.actor
    member = access.get_school_member(actor, uuid)
    memberships = Membership.objects.filter(school=actor.school, user=member)
    form = StaffRolesForm(
        request.POST or None, initial={"roles": list(memberships.values_list("role", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_roles(actor, uuid, form.cleaned_data["roles"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The roles of %(name)s are saved.") % {"name": member})
            return redirect("schools:staff")
    assignments = GroupAssignment.objects.filter(
        school=actor.school, user=member, group__school_year=actor.school_year
    ).select_related("group")
    return render(
        request,
        "schools/admin/staff_member.html",
        {"member": member, "form": form, "assignments": assignments, "is_self": member.pk == actor.user_id},
    )


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def staff_remove(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    try:
        member = services.remove_staff(request.actor, uuid)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("schools:staff_member", uuid=uuid)
    messages.success(request, _("%(name)s no longer works at this school in Onderstroom.") % {"name": member})
    return redirect("schools:staff")


# --- groups and school years --------------------------------------------------------------------


@dataclass
class GroupRow:
    group: Group
    teachers: list[User] = field(default_factory=list)
    care: list[User] = field(default_factory=list)
    per_grade: list[tuple[int, int]] = field(default_factory=list)

    @property
    def pupils(self) -> int:
        return sum(count for _grade, count in self.per_grade)


def _group_rows(admin: StaffActor, year: SchoolYear) -> list[GroupRow]:
    """The year's groups with their staff and the number of pupils per grade: three queries."""
    rows = {
        group.pk: GroupRow(group=group)
        for group in Group.objects.filter(school=admin.school, school_year=year).order_by("name")
    }
    assignments = (
        GroupAssignment.objects.filter(school=admin.school, group_id__in=rows)
        .select_related("user")
        .order_by("user__full_name")
    )
    for assignment in assignments:
        row = rows[assignment.group_id]
        (row.teachers if assignment.kind == GroupAssignment.Kind.TEACHER else row.care).append(
            assignment.user
        )
    counts = (
        Enrollment.objects.filter(school=admin.school, group_id__in=rows)
        .values("group_id", "grade")
        .annotate(pupils=Count("id"))
        .order_by("group_id", "grade")
    )
    for count in counts:
        rows[count["group_id"]].per_grade.append((count["grade"], count["pupils"]))
    return list(rows.values())


def _chosen_year(actor: StaffActor, years: list[SchoolYear], wanted: str | None) -> SchoolYear | None:
    """The year asked for in ?year=, else the current one, else the latest."""
    chosen = next((year for year in years if str(year.uuid) == wanted), None)
    current = next((year for year in years if actor.school_year and year.pk == actor.school_year.pk), None)
    return chosen or current or (years[0] if years else None)


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def groups_manage(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    years = list(SchoolYear.objects.filter(school=actor.school).order_by("-starts_on"))
    year = _chosen_year(actor, years, request.GET.get("year"))
    return render(
        request,
        "schools/admin/groups.html",
        {
            "years": years,
            "year": year,
            "current_year": actor.school_year,
            "rows": _group_rows(actor, year) if year else [],
            "next_year_name": services.next_school_year_name(actor.current_school),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def group_create(request: StaffHttpRequest, year: UUID) -> HttpResponse:
    school_year = access.get_school_year(request.actor, year)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                request.actor, year, name=form.cleaned_data["name"], grades=form.cleaned_data["grades"]
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(name)s is created. Now assign its teachers.") % {"name": group})
            return redirect("schools:group_edit", uuid=group.uuid)
    return render(request, "schools/admin/group_create.html", {"form": form, "year": school_year})


def _render_group_edit(
    request: StaffHttpRequest, group: Group, form: GroupForm, status: int = 200
) -> HttpResponse:
    actor = request.actor
    assignments = list(
        GroupAssignment.objects.filter(school=actor.school, group=group)
        .select_related("user")
        .order_by("kind", "user__full_name")
    )
    holders = Membership.objects.filter(
        school=actor.school, role__in=[Role.TEACHER, Role.CARE]
    ).select_related("user")
    # An admin is never offered themselves: a group opens its children's data (services refuse it too).
    assigned = {(a.user_id, a.kind) for a in assignments} | {
        (actor.user_id, kind) for kind in GroupAssignment.Kind.values
    }
    candidates: dict[str, list[User]] = {GroupAssignment.Kind.TEACHER: [], GroupAssignment.Kind.CARE: []}
    for membership in holders.order_by("user__full_name"):
        kind = services.ASSIGNMENT_FOR_ROLE[Role(membership.role)]
        if (membership.user_id, kind) not in assigned:
            candidates[kind].append(membership.user)
    return render(
        request,
        "schools/admin/group_edit.html",
        {
            "group": group,
            "form": form,
            "teachers": [a for a in assignments if a.kind == GroupAssignment.Kind.TEACHER],
            "care": [a for a in assignments if a.kind == GroupAssignment.Kind.CARE],
            "assign_teacher": AssignForm(
                candidates=candidates[GroupAssignment.Kind.TEACHER], kind=GroupAssignment.Kind.TEACHER
            ),
            "assign_care": AssignForm(
                candidates=candidates[GroupAssignment.Kind.CARE], kind=GroupAssignment.Kind.CARE
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def group_edit(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    group = access.get_managed_group(request.actor, uuid)
    initial = {"name": group.name, "grades": [str(grade) for grade in group.grades]}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.update_group(
                request.actor, uuid, name=form.cleaned_data["name"], grades=form.cleaned_data["grades"]
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": group})
            return redirect("schools:group_edit", uuid=group.uuid)
    return _render_group_edit(request, group, form)


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def group_assign(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    group = access.get_managed_group(request.actor, uuid)
    if not request.POST.get("user"):
        messages.error(request, _("Choose a member of staff first."))
        return redirect("schools:group_edit", uuid=group.uuid)
    user_uuid = _uuid_or_404(request.POST.get("user"))
    try:
        assignment = services.assign_to_group(request.actor, uuid, user_uuid, request.POST.get("kind", ""))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("%(name)s now works with %(group)s as %(kind)s.")
            % {"name": assignment.user, "group": group, "kind": assignment.get_kind_display()},
        )
    return redirect("schools:group_edit", uuid=group.uuid)


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def group_unassign(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    user_uuid = _uuid_or_404(request.POST.get("user"))
    group = services.unassign_from_group(request.actor, uuid, user_uuid, request.POST.get("kind", ""))
    messages.success(request, _("The assignment is ended."))
    return redirect("schools:group_edit", uuid=group.uuid)


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def year_create(request: StaffHttpRequest) -> HttpResponse:
    try:
        year = services.create_next_school_year(request.actor)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("schools:groups_manage")
    messages.success(request, _("School year %(name)s is created. Add its groups.") % {"name": year.name})
    return redirect(f"{reverse('schools:groups_manage')}?year={year.uuid}")


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def year_rollover(request: StaffHttpRequest) -> HttpResponse:
    """The new school year: a preview of what will happen (GET), then the admin confirms (POST)."""
    try:
        if request.method == "POST":
            plan = services.start_new_year(request.actor, _chosen_teachers(request))
            messages.success(request, _("School year %(name)s has started.") % {"name": plan.next_name})
            return redirect("schools:groups_manage")
        plan = services.rollover_plan(request.actor)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("schools:year_rollover" if request.method == "POST" else "schools:groups_manage")
    rows = [
        (move, [*(t.uuid for t in move.teachers), *([None] * max(0, TEACHER_SLOTS - len(move.teachers)))])
        for move in plan.moves
    ]
    return render(request, "schools/admin/rollover.html", {"plan": plan, "rows": rows})


TEACHER_SLOTS = 2  # choices per new group on the rollover form: a teacher and a duo teacher


def _chosen_teachers(request: StaffHttpRequest) -> dict[UUID, list[UUID]] | None:
    """The form's `teachers-<old group uuid>` choices (empty: no teacher yet); None when it sent none."""
    chosen: dict[UUID, list[UUID]] = {}
    for key in request.POST:
        if not key.startswith("teachers-"):
            continue
        try:
            group = UUID(key.removeprefix("teachers-"))
            chosen[group] = [UUID(v) for v in request.POST.getlist(key) if v]
        except ValueError as error:
            raise Refused(_("Choose teachers of the school for the new groups.")) from error
    return chosen or None


# --- school holidays ----------------------------------------------------------------------------


def _render_holidays(request: StaffHttpRequest, form: HolidayForm, status: int = 200) -> HttpResponse:
    holidays = SchoolHoliday.objects.filter(school=request.actor.school).order_by("first_day")
    return render(
        request, "schools/admin/holidays.html", {"holidays": list(holidays), "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def holidays(request: StaffHttpRequest) -> HttpResponse:
    """The school's holidays and study days; a new period is added from the same page."""
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                holiday = services.add_holiday(request.actor, **form.cleaned_data)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("%(name)s is added.") % {"name": holiday.name})
                return redirect("schools:holidays")
        return _render_holidays(request, form, status=400)
    return _render_holidays(request, form)


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def holiday_edit(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    holiday = access.get_school_holiday(request.actor, uuid)
    initial = {"name": holiday.name, "first_day": holiday.first_day, "last_day": holiday.last_day}
    form = HolidayForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                holiday = services.update_holiday(request.actor, uuid, **form.cleaned_data)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": holiday.name})
                return redirect("schools:holidays")
        status = 400
    return render(
        request, "schools/admin/holiday_edit.html", {"holiday": holiday, "form": form}, status=status
    )


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def holiday_remove(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    holiday = services.remove_holiday(request.actor, uuid)
    messages.success(request, _("%(name)s is removed.") % {"name": holiday.name})
    return redirect("schools:holidays")


# --- board --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    school: School | None  # None: the totals row
    year: SchoolYear | None
    groups: Cell
    pupils: Cell
    staff: Cell
    grades: list[Cell]


@dataclass(frozen=True)
class BoardOverview:
    rows: list[BoardRow]
    totals: BoardRow
    grades: list[int]
    own_schools: bool = False  # rows of schools the reader works at are shown in full

    @property
    def has_linked(self) -> bool:
        rows = [*self.rows, self.totals]
        return any(cell.hidden == LINKED_MARK for row in rows for cell in (row.pupils, *row.grades))


def _current_years(schools: list[School]) -> dict[int, SchoolYear]:
    """Per school the year containing today, else the latest that started (as access.current_school_year)."""
    today = access.today()
    years: dict[int, SchoolYear] = {}
    started = SchoolYear.objects.filter(school__in=schools, starts_on__lte=today).order_by(
        "school_id", "-starts_on"
    )
    for year in started:
        best = years.get(year.school_id)
        if best is None or (best.ends_on < today <= year.ends_on):
            years[year.school_id] = year
    return years


def _board_counts(schools: list[School], years: dict[int, SchoolYear]) -> dict[tuple[object, ...], int]:
    year_ids = [year.pk for year in years.values()]
    values: dict[tuple[object, ...], int] = defaultdict(int)
    groups = Group.objects.filter(school__in=schools, school_year_id__in=year_ids)
    for row in groups.values("school_id").annotate(n=Count("id")).order_by():
        values["groups", row["school_id"]] = row["n"]
    enrollments = Enrollment.objects.filter(school__in=schools, school_year_id__in=year_ids)
    for row in enrollments.values("school_id", "grade").annotate(n=Count("id")).order_by():
        values["grade", row["school_id"], row["grade"]] = row["n"]
    memberships = Membership.objects.filter(school__in=schools)
    for row in memberships.values("school_id").annotate(n=Count("user", distinct=True)).order_by():
        values["staff", row["school_id"]] = row["n"]
    values["staff_total",] = (
        memberships.values("user").distinct().count()
    )  # a person at two schools counts once
    return values


def board_overview(schools: list[School], known: Collection[int] = ()) -> BoardOverview:
    """Counts per school of the board, small counts of children suppressed; never anything about one child.

    `known`: the schools the reader works at (their pks). They know those schools' pupils per grade
    from the school's own screens, so those rows are shown as they are and the other schools' are
    suppressed so that this knowledge gives none of their small counts away.

    The request's scope may be one school (a board admin who also works at a school), so
    the board's schools get their own scope here. Groups and staff are the school's organisation,
    not children: they are always shown.
    """
    with school_scope(schools):
        years = _current_years(schools)
        values = _board_counts(schools, years)
    pupils = suppress_table(
        [[values["grade", school.pk, grade] for grade in GRADES] for school in schools],
        known_rows=[k for k, school in enumerate(schools) if school.pk in known],
    )
    rows = [
        BoardRow(
            school=school,
            year=years.get(school.pk),
            groups=Cell(values["groups", school.pk]),
            pupils=pupils.row_totals[k],
            staff=Cell(values["staff", school.pk]),
            grades=pupils.cells[k],
        )
        for k, school in enumerate(schools)
    ]
    totals = BoardRow(
        school=None,
        year=None,
        groups=Cell(sum(values["groups", school.pk] for school in schools)),
        pupils=pupils.total,
        staff=Cell(values["staff_total",]),
        grades=pupils.column_totals,
    )
    own = any(school.pk in known for school in schools)
    return BoardOverview(rows=rows, totals=totals, grades=list(GRADES), own_schools=own)


@require_GET
@staff_view(board=True)
def board(request: StaffHttpRequest) -> HttpResponse:
    schools = list(
        access.board_schools(request.actor).select_related("board").order_by("board__name", "name")
    )
    known = {school.pk for school in request.actor.schools}
    return render(request, "schools/admin/board.html", {"overview": board_overview(schools, known)})


def board_pdf(actor: StaffActor, params: dict[str, Any], progress: Progress) -> JobFile:
    """The board overview as a PDF, made by a worker (a job of kind `schools.board_pdf`)."""
    schools = list(access.board_schools(actor).select_related("board").order_by("board__name", "name"))
    overview = board_overview(schools)
    progress(1, 2)
    context = {"overview": overview, "printed": timezone.localtime()}
    content = render_pdf("schools/pdf/board.html", context, stylesheet="schools/print.css")
    title = _("board overview")  # outside the f-string, where makemessages finds it
    board = actor.boards[0].name if actor.boards else ""
    return JobFile(content, f"{slugify(f'{title} {board}') or 'board'}.pdf", "application/pdf")


def may_print_board(actor: StaffActor, params: dict[str, Any]) -> bool:
    return actor.is_board_admin


@require_POST
@staff_view(board=True)
def board_pdf_request(request: StaffHttpRequest) -> HttpResponse:
    """Ask a worker for the board overview as a PDF; the job's page shows its progress."""
    job = jobs.request_job(request.actor, "schools.board_pdf")
    return redirect("jobs:job", uuid=job.uuid)


# --- child photo --------------------------------------------------------------------------------


@require_POST
@staff_view(Role.TEACHER)
def child_photo_upload(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    access.get_taught_child(request.actor, uuid)  # outsiders learn nothing, not even a form error
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("photo", []):
            messages.error(request, str(error))
        return redirect("schools:child", uuid=uuid)
    try:
        services.set_child_photo(request.actor, uuid, form.cleaned_data["photo"])
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The photo is saved."))
    return redirect("schools:child", uuid=uuid)


@require_POST
@staff_view(Role.TEACHER)
def child_photo_remove(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    try:
        services.remove_child_photo(request.actor, uuid)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The photo is removed."))
    return redirect("schools:child", uuid=uuid)
