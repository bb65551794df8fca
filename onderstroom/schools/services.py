"""State changes of a school: staff, groups, school years, child photos, and new schools.

Every function takes the actor first, checks access (Http404 for whatever the actor may
not see, so an outsider cannot even learn that it exists), runs in one transaction and
writes one audit row. A change the rules do not allow raises `Refused` with a message
for the user; views show it and nothing is changed.

Lookups filter on the actor's school explicitly: requests already run in that school's
scope, but tests and commands may run with a wider one.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from onderstroom.accounts.models import User
from onderstroom.accounts.services import issue_temporary_password
from onderstroom.audit import log
from onderstroom.core.errors import Refused
from onderstroom.schools import access, photos, yearend
from onderstroom.schools.access import (
    Actor,
    StaffActor,
    SystemActor,
    get_managed_group,
    get_school_holiday,
    get_school_member,
    get_school_year,
    get_taught_child,
    school_admin,
)
from onderstroom.schools.models import (
    GRADES,
    Board,
    Child,
    Enrollment,
    Group,
    GroupAssignment,
    Membership,
    Role,
    School,
    SchoolHoliday,
    SchoolYear,
    StaffInvitation,
    brin_validator,
)
from onderstroom.schools.rollover import RolloverPlan, plan_rollover

# Which assignments a role carries: losing the role ends them.
ASSIGNMENT_FOR_ROLE: dict[str, GroupAssignment.Kind] = {
    Role.TEACHER: GroupAssignment.Kind.TEACHER,
    Role.CARE: GroupAssignment.Kind.CARE,
}
ROLE_FOR_ASSIGNMENT = {kind: role for role, kind in ASSIGNMENT_FOR_ROLE.items()}
# Roles that open individual children's data (with a group assignment).
CHILD_DATA_ROLES = {Role.TEACHER, Role.CARE}


# --- staff --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffAdded:
    email: str
    # The new account; None when the address already had one: that person was invited instead,
    # and the admin learns nothing about them (not even their name) until they accept.
    user: User | None
    temporary_password: str | None

    @property
    def invited(self) -> bool:
        return self.user is None


def _clean_roles(roles: Iterable[str]) -> set[str]:
    chosen = {str(role) for role in roles}
    if not chosen:
        raise Refused(_("Choose at least one role."))
    unknown = chosen - set(Role.values)
    if unknown:
        raise Refused(_("Unknown role."))
    return chosen


def add_staff(actor: Actor, *, full_name: str, email: str, roles: Iterable[str]) -> StaffAdded:
    """Give a new colleague an account with roles here (a temporary password, shown once), or
    invite someone who already has an account: their roles start when they accept."""
    admin = school_admin(actor)
    chosen = _clean_roles(roles)
    email = User.objects.normalize_email(email.strip()).lower()
    full_name = full_name.strip()
    if not full_name:
        raise Refused(_("Fill in a name."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise Refused(_("Fill in a valid email address.")) from error
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return _invite(admin, user, email, full_name, chosen)
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        password = issue_temporary_password(user)
        Membership.objects.bulk_create(
            [Membership(school=admin.school, user=user, role=role) for role in sorted(chosen)]
        )
        log.record(
            admin,
            "schools.staff.add",
            obj=user,
            details={"roles": sorted(chosen), "new_account": True},
        )
    return StaffAdded(email=email, user=user, temporary_password=password)


def _invite(admin: StaffActor, user: User, email: str, full_name: str, roles: set[str]) -> StaffAdded:
    """Offer roles here to an existing account; replaces an earlier invitation from this school."""
    if Membership.objects.filter(school=admin.school, user=user).exists():
        raise Refused(
            _("%(email)s already works at this school. Change their roles on their page instead.")
            % {"email": email}
        )
    StaffInvitation.objects.update_or_create(
        school=admin.school,
        user=user,
        defaults={"roles": sorted(roles), "invited_name": full_name, "invited_by": admin.user},
    )
    log.record(admin, "schools.staff.invite", obj=user, details={"roles": sorted(roles)})
    return StaffAdded(email=email, user=None, temporary_password=None)


def pending_invitations(admin: Actor) -> list[StaffInvitation]:
    """The invitations of the admin's school that nobody answered yet, with the name the admin typed."""
    school = school_admin(admin).school
    return list(StaffInvitation.objects.filter(school=school).select_related("user").order_by("invited_name"))


def invitations_for(user: User) -> list[StaffInvitation]:
    """Invitations to this person from any school: a deliberate cross-school read of their own rows."""
    return list(
        StaffInvitation.across_schools.filter(user=user)
        .select_related("school", "invited_by")
        .order_by("created_at")
    )


def answer_invitation(actor: Actor, uuid: UUID, *, accept: bool) -> StaffInvitation:
    """The invitee (and only they) accepts, and gets the roles, or declines; either ends the invitation."""
    if not isinstance(actor, StaffActor):
        raise Http404
    with transaction.atomic():
        invitation = (
            StaffInvitation.across_schools.select_for_update()
            .filter(uuid=uuid, user=actor.user)
            .select_related("school")
            .first()
        )
        if invitation is None:
            raise Http404
        held = set(
            Membership.across_schools.filter(school=invitation.school, user=actor.user).values_list(
                "role", flat=True
            )
        )
        added = sorted(set(invitation.roles) & set(Role.values) - held) if accept else []
        Membership.across_schools.bulk_create(
            [Membership(school=invitation.school, user=actor.user, role=role) for role in added]
        )
        invitation.delete()
        log.record(
            actor,
            "schools.staff.join" if accept else "schools.staff.decline",
            school=invitation.school,
            obj=actor.user,
            details={"roles": added},
        )
    return invitation


def _refuse_self_grant(admin: StaffActor, details: dict[str, object]) -> Refused:
    """Write down the attempt (the audit page marks it), then refuse: somebody else must grant it."""
    log.record(admin, "schools.staff.self_grant_refused", obj=admin.user, details=details)
    return Refused(
        _(
            "You cannot give yourself a role or a group that opens children's data. "
            "Ask another administrator of the school to do it."
        )
    )


def change_roles(actor: Actor, user_uuid: UUID, roles: Iterable[str]) -> User:
    """Set a person's roles here; a dropped teacher or care role also ends those group assignments.

    Separation of duties: an admin never gives themselves a role that opens children's data
    (teacher, care coordinator); another admin of the school has to do that, and the audit log
    marks such grants.
    """
    admin = school_admin(actor)
    user = get_school_member(admin, user_uuid)
    chosen = _clean_roles(roles)
    is_self = user.pk == admin.user_id
    if is_self and Role.SCHOOL_ADMIN not in chosen:
        # Keeps at least one administrator: the only one who could lock the school out is oneself.
        raise Refused(_("You cannot take away your own administrator role. Ask another administrator."))
    memberships = Membership.objects.filter(school=admin.school, user=user)
    if is_self and (chosen - set(memberships.values_list("role", flat=True))) & CHILD_DATA_ROLES:
        raise _refuse_self_grant(admin, {"roles": sorted(chosen & CHILD_DATA_ROLES)})
    with transaction.atomic():
        current = set(memberships.values_list("role", flat=True))
        added, removed = chosen - current, current - chosen
        memberships.filter(role__in=removed).delete()
        Membership.objects.bulk_create(
            [Membership(school=admin.school, user=user, role=role) for role in sorted(added)]
        )
        kinds = [ASSIGNMENT_FOR_ROLE[role] for role in removed if role in ASSIGNMENT_FOR_ROLE]
        ended, _counts = GroupAssignment.objects.filter(
            school=admin.school, user=user, kind__in=kinds
        ).delete()
        log.record(
            admin,
            "schools.staff.roles",
            obj=user,
            details={"added": sorted(added), "removed": sorted(removed), "assignments_ended": ended},
        )
    return user


def remove_staff(actor: Actor, user_uuid: UUID) -> User:
    """Take someone off this school: their roles and group assignments here, nothing elsewhere."""
    admin = school_admin(actor)
    user = get_school_member(admin, user_uuid)
    if user.pk == admin.user_id:
        raise Refused(_("You cannot remove yourself from the school. Ask another administrator."))
    with transaction.atomic():
        ended, _counts = GroupAssignment.objects.filter(school=admin.school, user=user).delete()
        roles, _counts = Membership.objects.filter(school=admin.school, user=user).delete()
        log.record(
            admin, "schools.staff.remove", obj=user, details={"roles": roles, "assignments_ended": ended}
        )
    return user


# --- groups -------------------------------------------------------------------------------------


def _clean_group(name: str, grades: Iterable[int | str]) -> tuple[str, list[int]]:
    name = name.strip()
    if not name:
        raise Refused(_("Fill in a name for the group."))
    try:
        chosen = sorted({int(grade) for grade in grades})
    except (TypeError, ValueError) as error:
        raise Refused(_("Choose grades from 1 to 8.")) from error
    if not chosen:
        raise Refused(_("Choose at least one grade."))
    if any(grade not in GRADES for grade in chosen):
        raise Refused(_("Choose grades from 1 to 8."))
    return name, chosen


def _name_taken(year: SchoolYear, name: str, exclude: Group | None = None) -> bool:
    groups = Group.objects.filter(school=year.school_id, school_year=year, name__iexact=name)
    if exclude is not None:
        groups = groups.exclude(pk=exclude.pk)
    return groups.exists()


def _refuse_taken_name(year: SchoolYear, name: str) -> Refused:
    return Refused(
        _("There already is a group called %(name)s in %(year)s.") % {"name": name, "year": year.name}
    )


def create_group(actor: Actor, year_uuid: UUID, *, name: str, grades: Iterable[int | str]) -> Group:
    admin = school_admin(actor)
    year = get_school_year(admin, year_uuid)
    name, chosen = _clean_group(name, grades)
    with transaction.atomic():
        if _name_taken(year, name):
            raise _refuse_taken_name(year, name)
        group = Group.objects.create(school=admin.current_school, school_year=year, name=name, grades=chosen)
        log.record(admin, "schools.group.create", obj=group, details={"grades": chosen})
    return group


def update_group(actor: Actor, group_uuid: UUID, *, name: str, grades: Iterable[int | str]) -> Group:
    admin = school_admin(actor)
    group = get_managed_group(admin, group_uuid)
    name, chosen = _clean_group(name, grades)
    with transaction.atomic():
        if _name_taken(group.school_year, name, exclude=group):
            raise _refuse_taken_name(group.school_year, name)
        changed = [
            field for field, value in (("name", name), ("grades", chosen)) if getattr(group, field) != value
        ]
        group.name, group.grades = name, chosen
        group.save(update_fields=["name", "grades"])
        log.record(admin, "schools.group.update", obj=group, details={"fields": changed})
    return group


def assign_to_group(actor: Actor, group_uuid: UUID, user_uuid: UUID, kind: str) -> GroupAssignment:
    """Make a teacher (several may share a group) or a care coordinator work with a group."""
    admin = school_admin(actor)
    group = get_managed_group(admin, group_uuid)
    user = get_school_member(admin, user_uuid)
    if kind not in GroupAssignment.Kind.values:
        raise Refused(_("Choose teacher or care coordinator."))
    if user.pk == admin.user_id:
        # A group opens its children's data: an admin does not hand that to themselves.
        raise _refuse_self_grant(admin, {"kind": kind, "group": str(group.uuid)})
    role = ROLE_FOR_ASSIGNMENT[GroupAssignment.Kind(kind)]
    if not Membership.objects.filter(school=admin.school, user=user, role=role).exists():
        raise Refused(
            _("%(name)s is not a %(role)s at this school. Give them the role first under Staff.")
            % {"name": user, "role": Role(role).label}
        )
    with transaction.atomic():
        assignment, created = GroupAssignment.objects.get_or_create(
            school=admin.school, group=group, user=user, kind=kind
        )
        if not created:
            raise Refused(_("%(name)s is already assigned to this group.") % {"name": user})
        log.record(admin, "schools.group.assign", obj=group, details={"kind": kind, "user": str(user.uuid)})
    return assignment


def unassign_from_group(actor: Actor, group_uuid: UUID, user_uuid: UUID, kind: str) -> Group:
    admin = school_admin(actor)
    group = get_managed_group(admin, group_uuid)
    with transaction.atomic():
        ended, _counts = GroupAssignment.objects.filter(
            school=admin.school, group=group, user__uuid=user_uuid, kind=kind
        ).delete()
        if not ended:
            raise Http404
        log.record(admin, "schools.group.unassign", obj=group, details={"kind": kind, "user": str(user_uuid)})
    return group


# --- school years -------------------------------------------------------------------------------


def next_school_year_name(school: School) -> str | None:
    """The year to create next: this one if it is missing, else the coming one; None when both exist.

    Schools prepare the coming year's groups before the summer, but not further ahead.
    """
    names = set(SchoolYear.objects.filter(school=school).values_list("name", flat=True))
    current = SchoolYear.name_for(access.today())
    if current not in names:
        return current
    coming = SchoolYear.name_for(SchoolYear.bounds_for(current)[1] + timedelta(days=1))
    return coming if coming not in names else None


def create_next_school_year(actor: Actor) -> SchoolYear:
    admin = school_admin(actor)
    with transaction.atomic():
        name = next_school_year_name(admin.current_school)
        if name is None:
            raise Refused(_("This school year and the next one already exist."))
        starts_on, ends_on = SchoolYear.bounds_for(name)
        year = SchoolYear.objects.create(
            school=admin.current_school, name=name, starts_on=starts_on, ends_on=ends_on
        )
        log.record(admin, "schools.year.create", obj=year)
    return year


# --- school holidays ----------------------------------------------------------------------------

HOLIDAY_MAX_DAYS = 100  # the longest period: a summer holiday is about six weeks
HOLIDAY_NAME_LENGTH = SchoolHoliday._meta.get_field("name").max_length or 80


def _clean_holiday(
    admin: StaffActor, name: str, first_day: date, last_day: date, exclude: SchoolHoliday | None = None
) -> str:
    name = " ".join(name.split())
    if not name or len(name) > HOLIDAY_NAME_LENGTH:
        raise Refused(_("Give the period a name of at most %(n)d characters.") % {"n": HOLIDAY_NAME_LENGTH})
    if last_day < first_day:
        raise Refused(_("The last day lies before the first day."))
    if (last_day - first_day).days + 1 > HOLIDAY_MAX_DAYS:
        raise Refused(_("A period lasts at most %(n)d days.") % {"n": HOLIDAY_MAX_DAYS})
    overlapping = SchoolHoliday.objects.filter(
        school=admin.school, first_day__lte=last_day, last_day__gte=first_day
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    other = overlapping.first()
    if other is not None:
        raise Refused(
            _("These days overlap with %(name)s. Change that period instead.") % {"name": other.name}
        )
    return name


def add_holiday(actor: Actor, *, name: str, first_day: date, last_day: date) -> SchoolHoliday:
    """A period the school is closed; its days are no school days."""
    admin = school_admin(actor)
    with transaction.atomic():
        name = _clean_holiday(admin, name, first_day, last_day)
        holiday = SchoolHoliday.objects.create(
            school=admin.current_school, name=name, first_day=first_day, last_day=last_day
        )
        log.record(
            admin, "schools.holiday.add", obj=holiday, details={"days": (last_day - first_day).days + 1}
        )
    return holiday


def update_holiday(
    actor: Actor, holiday_uuid: UUID, *, name: str, first_day: date, last_day: date
) -> SchoolHoliday:
    admin = school_admin(actor)
    with transaction.atomic():
        holiday = get_school_holiday(admin, holiday_uuid)
        name = _clean_holiday(admin, name, first_day, last_day, exclude=holiday)
        changed = [
            field
            for field, value in (("name", name), ("first_day", first_day), ("last_day", last_day))
            if getattr(holiday, field) != value
        ]
        holiday.name, holiday.first_day, holiday.last_day = name, first_day, last_day
        holiday.save(update_fields=["name", "first_day", "last_day"])
        log.record(admin, "schools.holiday.update", obj=holiday, details={"fields": changed})
    return holiday


def remove_holiday(actor: Actor, holiday_uuid: UUID) -> SchoolHoliday:
    admin = school_admin(actor)
    with transaction.atomic():
        holiday = get_school_holiday(admin, holiday_uuid)
        log.record(admin, "schools.holiday.remove", obj=holiday)
        holiday.delete()
    return holiday


# --- child photos -------------------------------------------------------------------------------


def set_child_photo(actor: Actor, child_uuid: UUID, upload: UploadedFile) -> Child:
    """Store a re-encoded copy of the upload; anything that is not a real photo is refused."""
    child = get_taught_child(actor, child_uuid)
    photos.store(
        child,
        upload,
        lambda replaced: log.record(
            actor, "schools.child.photo.set", child=child, obj=child, details={"replaced": replaced}
        ),
    )
    return child


def remove_child_photo(actor: Actor, child_uuid: UUID) -> Child:
    child = get_taught_child(actor, child_uuid)
    photos.remove(child, lambda: log.record(actor, "schools.child.photo.remove", child=child, obj=child))
    return child


# --- a new school -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolCreated:
    school: School
    year: SchoolYear
    admin: User
    temporary_password: str | None  # None: the administrator already had an account
    board_created: bool


def _clean_new_school(
    board_name: str, school_name: str, brin: str, admin_email: str, admin_name: str
) -> tuple[str, str]:
    if not board_name.strip() or not school_name.strip() or not admin_name.strip():
        raise Refused(_("Fill in the names of the board, the school and the administrator."))
    brin = brin.strip().upper()
    try:
        brin_validator(brin)
        validate_email(admin_email)
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error
    if School.objects.filter(brin=brin).exists():
        raise Refused(_("A school with BRIN code %(brin)s already exists.") % {"brin": brin})
    return brin, User.objects.normalize_email(admin_email.strip()).lower()


def create_school(
    actor: Actor, *, board_name: str, school_name: str, brin: str, admin_email: str, admin_name: str
) -> SchoolCreated:
    """How a real school starts: its board, the school, this school year and its first administrator.

    Only for the system (the create_school command): nobody in the app creates schools.
    """
    if not isinstance(actor, SystemActor):
        raise PermissionDenied
    brin, admin_email = _clean_new_school(board_name, school_name, brin, admin_email, admin_name)
    try:
        with transaction.atomic():
            board = Board.objects.filter(name=board_name.strip()).first()
            board_created = board is None
            if board is None:
                board = Board.objects.create(name=board_name.strip())
            school = School.objects.create(board=board, name=school_name.strip(), brin=brin)
            name = SchoolYear.name_for(access.today())
            starts_on, ends_on = SchoolYear.bounds_for(name)
            year = SchoolYear.objects.create(school=school, name=name, starts_on=starts_on, ends_on=ends_on)
            user = User.objects.filter(email__iexact=admin_email).first()
            password = None
            if user is None:
                user = User.objects.create_user(
                    email=admin_email, password=None, full_name=admin_name.strip()
                )
                password = issue_temporary_password(user)
            Membership.objects.create(school=school, user=user, role=Role.SCHOOL_ADMIN)
            log.record(
                actor,
                "schools.school.create",
                school=school,
                obj=school,
                details={"board_created": board_created, "new_account": password is not None},
            )
    except IntegrityError as error:  # another run created the same school a moment ago
        raise Refused(_("A school with BRIN code %(brin)s already exists.") % {"brin": brin}) from error
    return SchoolCreated(
        school=school, year=year, admin=user, temporary_password=password, board_created=board_created
    )


# --- a new school year --------------------------------------------------------------------------


def rollover_plan(actor: Actor) -> RolloverPlan:
    """What starting the next school year would do (the preview); the school admin only."""
    admin = school_admin(actor)
    school = admin.current_school
    # The year that ends: the latest that has begun and has groups. After 1 August, a new year that is
    # current but still empty is where last year's groups move to.
    year = (
        SchoolYear.objects.filter(school=school, starts_on__lte=access.today(), groups__isnull=False)
        .distinct()
        .order_by("-starts_on")
        .first()
    )
    if year is None:
        raise Refused(_("The school has no groups yet: import the pupils first."))
    return plan_rollover(school, year, admin.user)


def start_new_year(actor: Actor, teachers: Mapping[UUID, Sequence[UUID]] | None = None) -> RolloverPlan:
    """Start the school year after the current one: promote the groups (unless an import already filled
    the new year), and close what of the old year is still open. Nothing of the old year is deleted.

    `teachers`: per group of the old year (its uuid), the teachers (user uuids) of the group it becomes;
    a group left out gets the plan's proposal (last year's teachers of the same grades), an empty list
    none. Each must be a teacher at the school; otherwise nothing happens."""
    admin = school_admin(actor)
    with transaction.atomic():
        # One start at a time per school: a second admin's confirmation waits, then finds the year filled.
        school = School.objects.select_for_update().get(pk=admin.current_school.pk)
        plan = rollover_plan(admin)
        if teachers is not None and not plan.imported:
            _choose_teachers(plan, teachers)
        year = plan.next_year
        if year is None:
            starts_on, ends_on = SchoolYear.bounds_for(plan.next_name)
            year = SchoolYear.objects.create(
                school=school, name=plan.next_name, starts_on=starts_on, ends_on=ends_on
            )
        if not plan.imported:
            _promote(school, year, plan)
        closed = yearend.close_all(plan.year, access.today(), dry_run=False)
        log.record(
            admin,
            "schools.year.rollover",
            obj=year,
            details={
                "from": plan.year.name,
                "groups": 0 if plan.imported else sum(1 for m in plan.moves if m.grades),
                "children": 0 if plan.imported else plan.children,
                "leavers": 0 if plan.imported else plan.leavers,
                "teachers": 0 if plan.imported else sum(len(m.teachers) for m in plan.moves if m.grades),
                "imported": plan.imported,
                "closed": {closer.key: count for closer, count in closed},
            },
        )
    return plan


def _choose_teachers(plan: RolloverPlan, chosen: Mapping[UUID, Sequence[UUID]]) -> None:
    """The admin's choice of teachers per new group, in place of the proposal; only teachers of the school."""
    allowed = {teacher.uuid: teacher for teacher in plan.teachers}
    moves = {move.group.uuid: move for move in plan.moves if move.grades}
    for group_uuid, user_uuids in chosen.items():
        move = moves.get(group_uuid)
        if move is None:
            raise Refused(_("The groups changed meanwhile. Open the page again and check."))
        if any(u not in allowed for u in user_uuids):
            raise Refused(_("Choose teachers of the school for the new groups."))
        move.teachers[:] = [allowed[u] for u in dict.fromkeys(user_uuids)]


def _promote(school: School, year: SchoolYear, plan: RolloverPlan) -> None:
    """New groups one grade up; each child moves along a grade, except those who leave after groep 8.
    The chosen teachers and last year's care coordinators of the children come along."""
    successors: dict[int, Group] = {}
    assignments: list[GroupAssignment] = []
    for move in plan.moves:
        if move.grades:
            new = successors[move.group.pk] = Group.objects.create(
                school=school, school_year=year, name=move.name, grades=move.grades
            )
            for kind, people in (
                (GroupAssignment.Kind.TEACHER, move.teachers),
                (GroupAssignment.Kind.CARE, move.care),
            ):
                assignments += [
                    GroupAssignment(school=school, group=new, user=person, kind=kind) for person in people
                ]
    GroupAssignment.objects.bulk_create(assignments)
    enrollments = Enrollment.objects.filter(group__school_year=plan.year, group_id__in=successors)
    Enrollment.objects.bulk_create(
        Enrollment(
            school=school,
            child_id=e.child_id,
            group=successors[e.group_id],
            school_year=year,
            grade=e.grade + 1,
        )
        for e in enrollments
        if e.grade < max(GRADES)
    )
