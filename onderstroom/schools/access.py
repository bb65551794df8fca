"""Who may see what: the one permission layer.

`ActorMiddleware` puts an actor on every request. Views never filter children or
groups themselves; they call the helpers here, which return only what the actor
may see and raise Http404 for everything else (an outsider cannot even learn
that a record exists).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.core.net import is_background
from onderstroom.schools.models import (
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
)

if TYPE_CHECKING:
    from onderstroom.childsessions.models import ClassSession


@dataclass(frozen=True, kw_only=True)
class Actor:
    """Base of the kinds of visitor: staff, a child in a class session, anonymous, the system."""

    kind: ClassVar[str] = "anonymous"
    ip_address: str | None = None
    school: School | None = None

    @property
    def user_id(self) -> int | None:
        return None

    @property
    def label(self) -> str:
        return ""

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_child(self) -> bool:
        return self.kind == "child"


@dataclass(frozen=True, kw_only=True)
class AnonymousActor(Actor):
    pass


@dataclass(frozen=True, kw_only=True)
class SystemActor(Actor):
    """Management commands and background jobs."""

    kind: ClassVar[str] = "system"
    name: str = "system"

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, kw_only=True)
class StaffActor(Actor):
    kind: ClassVar[str] = "staff"
    user: "User"
    school_year: SchoolYear | None
    roles: frozenset[str]
    schools: tuple[School, ...]
    boards: tuple[Board, ...]
    teacher_group_ids: frozenset[int]
    care_group_ids: frozenset[int]

    @property
    def user_id(self) -> int:
        return self.user.pk

    @property
    def label(self) -> str:
        return self.user.full_name or self.user.email

    @property
    def current_school(self) -> School:
        """The active school, for code that runs only with one: any role implies it."""
        if self.school is None:
            raise Http404
        return self.school

    @property
    def is_teacher(self) -> bool:
        return Role.TEACHER in self.roles

    @property
    def is_care(self) -> bool:
        return Role.CARE in self.roles

    @property
    def is_school_admin(self) -> bool:
        return Role.SCHOOL_ADMIN in self.roles

    @property
    def is_staff_member(self) -> bool:
        """The plain "member of staff" role (no group, no child data of its own)."""
        return Role.STAFF in self.roles

    @property
    def is_board_admin(self) -> bool:
        return bool(self.boards)

    def teaches(self, group: Group | int) -> bool:
        """Whether the actor teaches this group (a group or its id) this school year."""
        return self.is_teacher and _group_id(group) in self.teacher_group_ids

    def cares_for(self, group: Group | int) -> bool:
        """Whether the actor is the care coordinator assigned to this group (a group or its id)."""
        return self.is_care and _group_id(group) in self.care_group_ids

    def sees(self, group: Group | int) -> bool:
        """Whether the actor may see this group's children: they teach it or care for it."""
        return _group_id(group) in self.child_group_ids

    @property
    def child_group_ids(self) -> frozenset[int]:
        """Groups whose individual children this person may see: own groups and assigned care groups."""
        ids: set[int] = set()
        if self.is_teacher:
            ids |= self.teacher_group_ids
        if self.is_care:
            ids |= self.care_group_ids
        return frozenset(ids)


def _group_id(group: Group | int) -> int:
    return group if isinstance(group, int) else group.pk


@dataclass(frozen=True, kw_only=True)
class ChildActor(Actor):
    kind: ClassVar[str] = "child"
    child: Child
    school: School
    class_session: "ClassSession"

    @property
    def label(self) -> str:
        return ""  # the child is identified by the audit row's child column


def today() -> date:
    return timezone.localdate()


def build_staff_actor(user: "User", ip_address: str | None, wanted_school_id: int | None) -> StaffActor:
    memberships = list(
        user.memberships(manager="across_schools").select_related("school").order_by("school__name")
    )
    schools = tuple(dict.fromkeys(m.school for m in memberships))
    school = next((s for s in schools if s.pk == wanted_school_id), schools[0] if schools else None)
    roles = frozenset(m.role for m in memberships if school and m.school_id == school.pk)
    boards = tuple(b.board for b in user.board_memberships.select_related("board"))
    year = current_school_year(school) if school else None
    teacher_ids: set[int] = set()
    care_ids: set[int] = set()
    if year is not None:
        assignments = GroupAssignment.across_schools.filter(user=user, group__school_year=year)
        for group_id, kind in assignments.values_list("group_id", "kind"):
            (teacher_ids if kind == GroupAssignment.Kind.TEACHER else care_ids).add(group_id)
    return StaffActor(
        ip_address=ip_address,
        user=user,
        school=school,
        school_year=year,
        roles=roles,
        schools=schools,
        boards=boards,
        teacher_group_ids=frozenset(teacher_ids),
        care_group_ids=frozenset(care_ids),
    )


def current_school_year(school: School) -> SchoolYear | None:
    """The school year that contains today, or else the most recent one that started."""
    years = SchoolYear.across_schools.filter(school=school, starts_on__lte=today()).order_by("-starts_on")
    return years.filter(ends_on__gte=today()).first() or years.first()


# --- typed requests -----------------------------------------------------------------------------


class ActorHttpRequest(HttpRequest):
    """A request after `ActorMiddleware`: every request carries an actor."""

    actor: Actor


class StaffHttpRequest(ActorHttpRequest):
    """The request a `staff_view` receives: the actor is staff and the user is signed in."""

    actor: StaffActor
    user: "User"


class ChildHttpRequest(ActorHttpRequest):
    """The request a `child_view` receives: the actor is a child in an open class session."""

    actor: ChildActor


# --- decorators -------------------------------------------------------------------------------

ViewFunc = Callable[..., HttpResponse]


def staff_view(*roles: str, board: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """Only staff; with roles, only staff holding one of them at the active school.

    Anonymous visitors are sent to sign in; children and staff without the role get 404.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: ActorHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = request.actor
            if actor.is_child:
                raise Http404
            if not isinstance(actor, StaffActor):
                if is_background(request):
                    # A poll after the session ended: the page shows "signed out" (static
                    # onderstroom/background.js); a sign-in page swapped into it would not.
                    return HttpResponse(status=401)
                return redirect_to_login(request.get_full_path())
            if actor.user.must_change_password and (
                request.resolver_match is None or request.resolver_match.url_name != "password"
            ):
                return redirect("accounts:password")
            allowed = not roles and not board
            allowed = allowed or bool(actor.roles & set(roles)) or (board and actor.is_board_admin)
            if not allowed:
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def child_view(view: ViewFunc) -> ViewFunc:
    """Only a child signed in to an open class session; everybody else goes to the child start page."""

    @wraps(view)
    def wrapped(request: ActorHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.actor, ChildActor):
            return redirect("childsessions:start")
        return view(request, *args, **kwargs)

    return wrapped


# --- reads --------------------------------------------------------------------------------------


def visible_groups(actor: StaffActor) -> QuerySet[Group]:
    """Groups whose children the actor may see individually (this school year)."""
    return Group.objects.filter(pk__in=actor.child_group_ids).select_related("school_year")


def taught_groups(actor: StaffActor) -> QuerySet[Group]:
    """The groups the actor teaches this school year."""
    if not actor.is_teacher:
        return Group.objects.none()
    return Group.objects.filter(pk__in=actor.teacher_group_ids)


def care_groups(actor: StaffActor) -> QuerySet[Group]:
    """The groups the actor supports as care coordinator this school year."""
    if not actor.is_care:
        return Group.objects.none()
    return Group.objects.filter(pk__in=actor.care_group_ids)


def visible_group_of(actor: StaffActor, child: Child) -> Group | None:
    """The child's group this school year when the actor may see its children, else None."""
    enrollment = (
        Enrollment.objects.filter(child=child, group_id__in=actor.child_group_ids)
        .select_related("group")
        .first()
    )
    return enrollment.group if enrollment else None


def managed_groups(actor: StaffActor) -> QuerySet[Group]:
    """All groups of the school, for the school admin's management screens (no child data)."""
    if not actor.is_school_admin:
        return Group.objects.none()
    return Group.objects.filter(school=actor.school).select_related("school_year")


def get_visible_group(actor: Actor, uuid: UUID) -> Group:
    if not isinstance(actor, StaffActor):
        raise Http404
    group = visible_groups(actor).filter(uuid=uuid).first()
    if group is None:
        raise Http404
    return group


def get_teacher_group(actor: Actor, uuid: UUID) -> Group:
    """A group the actor teaches (not merely supports as care coordinator)."""
    if not isinstance(actor, StaffActor) or not actor.is_teacher:
        raise Http404
    group = (
        Group.objects.filter(pk__in=actor.teacher_group_ids, uuid=uuid).select_related("school_year").first()
    )
    if group is None:
        raise Http404
    return group


def get_care_group(actor: Actor, uuid: UUID) -> Group:
    """A group the actor supports as its care coordinator (not merely one they may look at)."""
    group = get_visible_group(actor, uuid)
    if not isinstance(actor, StaffActor) or not actor.cares_for(group):
        raise Http404
    return group


def get_in_group[M: Model](
    actor: Actor, queryset: QuerySet[M], *, teaching: bool = False, **lookup: Any
) -> M:
    """One object belonging to a group (a `group` field) that the actor may see, found by `lookup`.

    With teaching=True only groups the actor teaches count (care coordinators support, they do not
    rate, plan or open sessions). Everything else — another group, another school, a visitor who is
    not staff — is 404, so an outsider cannot even learn that the object exists.
    """
    if not isinstance(actor, StaffActor) or (teaching and not actor.is_teacher):
        raise Http404
    groups = actor.teacher_group_ids if teaching else actor.child_group_ids
    found = queryset.filter(group_id__in=groups, **lookup).first()
    if found is None:
        raise Http404
    return found


def teaches_child(actor: Actor, child: Child) -> bool:
    """Whether the actor teaches a group the child is in this school year."""
    return (
        isinstance(actor, StaffActor)
        and actor.is_teacher
        and Enrollment.objects.filter(child=child, group_id__in=actor.teacher_group_ids).exists()
    )


def school_admin(actor: Actor) -> StaffActor:
    """The actor as the administrator of their active school, or 404."""
    if not isinstance(actor, StaffActor) or not actor.is_school_admin or actor.school is None:
        raise Http404
    return actor


def teacher_enrollment(actor: Actor, child_uuid: UUID) -> Enrollment:
    """The child's enrolment in a group the actor teaches: only a teacher of the child plans or writes."""
    return get_in_group(
        actor, Enrollment.objects.select_related("child", "group"), teaching=True, child__uuid=child_uuid
    )


def taught_group_id(actor: StaffActor, child: Child, group_id: int | None = None) -> int | None:
    """The child's group, when the actor teaches it: `group_id` (a moment's group) when given, or
    else the group the child is enrolled in this school year."""
    if not actor.is_teacher:
        return None
    if group_id is not None:
        return group_id if group_id in actor.teacher_group_ids else None
    return (
        Enrollment.objects.filter(child=child, group_id__in=actor.teacher_group_ids)
        .values_list("group_id", flat=True)
        .first()
    )


def get_managed_group(actor: Actor, uuid: UUID) -> Group:
    """A group of the administrator's school, for the management screens (no child data)."""
    group = managed_groups(school_admin(actor)).filter(uuid=uuid).first()
    if group is None:
        raise Http404
    return group


def get_school_member(actor: Actor, uuid: UUID) -> User:
    """A member of staff of the administrator's school; anyone else is "not found"."""
    admin = school_admin(actor)
    members = Membership.objects.filter(school=admin.school).values("user_id")
    user = User.objects.filter(uuid=uuid, pk__in=members).first()
    if user is None:
        raise Http404
    return user


def get_school_holiday(actor: Actor, uuid: UUID) -> SchoolHoliday:
    """A holiday period of the administrator's school; anyone else's is "not found"."""
    admin = school_admin(actor)
    holiday = SchoolHoliday.objects.filter(school=admin.school, uuid=uuid).first()
    if holiday is None:
        raise Http404
    return holiday


def get_school_year(actor: Actor, uuid: UUID) -> SchoolYear:
    """A school year of the administrator's school."""
    admin = school_admin(actor)
    year = SchoolYear.objects.filter(school=admin.school, uuid=uuid).first()
    if year is None:
        raise Http404
    return year


def get_taught_child(actor: Actor, uuid: UUID) -> Child:
    """A child in one of the actor's own groups this year: only their teachers change the photo."""
    if not isinstance(actor, StaffActor) or not actor.is_teacher or actor.school is None:
        raise Http404
    child = (
        visible_children(actor)
        .filter(school=actor.school, uuid=uuid, enrollments__group_id__in=actor.teacher_group_ids)
        .first()
    )
    if child is None:
        raise Http404
    return child


def visible_children(actor: StaffActor) -> QuerySet[Child]:
    """Children enrolled this school year in a group the actor may see."""
    return Child.objects.filter(enrollments__group_id__in=actor.child_group_ids).distinct()


def read_child(actor: Actor, uuid: UUID, action: str = "child.view") -> Child:
    """Fetch one child the actor may see, and write the audit row for the read."""
    if not isinstance(actor, StaffActor):
        raise Http404
    child = visible_children(actor).filter(uuid=uuid).first()
    if child is None:
        raise Http404
    log.record(actor, action, child=child, obj=child)
    return child


def board_schools(actor: Actor) -> QuerySet[School]:
    if not isinstance(actor, StaffActor) or not actor.is_board_admin:
        return School.objects.none()
    return School.objects.filter(board__in=actor.boards)


def session_classmates(actor: ChildActor) -> QuerySet[Child]:
    """The children of the group a child's class session is for (names and photos only)."""
    return Child.objects.filter(enrollments__group_id=actor.class_session.group_id)


def get_photo_child(actor: Actor, uuid: UUID) -> Child:
    """A child whose photo the actor may see: staff who see the child, or a classmate in a session."""
    if isinstance(actor, ChildActor):
        child = classmate_for_child(actor, uuid)
    elif isinstance(actor, StaffActor):
        child = visible_children(actor).filter(uuid=uuid).first()
    else:
        child = None
    if child is None:
        raise Http404
    return child


def classmate_for_child(actor: Actor, uuid: UUID) -> Child | None:
    if not isinstance(actor, ChildActor):
        return None
    return session_classmates(actor).filter(uuid=uuid).first()
