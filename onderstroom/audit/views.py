"""The school administrator's audit log: browse and filter, and check that the chain is intact."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.audit.forms import LogFilterForm
from onderstroom.audit.labels import action_label, details_text, needs_attention
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.access import StaffHttpRequest, staff_view
from onderstroom.schools.models import Child, Membership, Role, School

PAGE_SIZE = 50
# A check recomputes every hash (about 15,000 rows a second): short chains are checked on
# every view, long ones when the administrator asks, so that the page stays quick.
INLINE_CHECK_LIMIT = 5_000
CHECK_ACTION = "audit.chain.verify"


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    label: str
    details: list[tuple[str, str]]
    attention: bool = False


@dataclass(frozen=True)
class ChainStatus:
    length: int
    check: log.ChainCheck | None  # None: the chain is long and was not checked on this view
    broken_event: AuditEvent | None = None  # the first row that does not fit, if it still exists
    last_check: AuditEvent | None = None  # for long chains: the latest check someone asked for


def _staff_choices(school: School, events: QuerySet[AuditEvent]) -> list[tuple[str, str]]:
    """Staff of the school, and anyone else who did something here (someone since removed, say)."""
    members = Membership.objects.filter(school=school).values("user_id")
    actors = events.exclude(actor_user=None).order_by().values("actor_user_id")
    users = User.objects.filter(Q(pk__in=members) | Q(pk__in=actors)).order_by("full_name", "email")
    return [(str(user.uuid), user.full_name or user.email) for user in users]


def _action_choices(events: QuerySet[AuditEvent]) -> list[tuple[str, str]]:
    codes = events.order_by().values_list("action", flat=True).distinct()
    return sorted(((code, action_label(code)) for code in codes), key=lambda choice: choice[1].lower())


def _matching_children(school: School, text: str) -> QuerySet[Child]:
    """Children whose name holds every word typed: "anna berg" finds Anna van den Berg."""
    children = Child.objects.filter(school=school)
    for word in text.split()[:5]:
        children = children.filter(
            Q(first_name__icontains=word) | Q(surname_prefix__icontains=word) | Q(surname__icontains=word)
        )
    return children


def _filtered(events: QuerySet[AuditEvent], form: LogFilterForm, school: School) -> QuerySet[AuditEvent]:
    """Apply the filters that are valid; an invalid one is reported on the form and left out."""
    if not form.is_bound:
        return events
    form.is_valid()
    data: dict[str, Any] = form.cleaned_data
    if data.get("date_from"):
        events = events.filter(created_at__date__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(created_at__date__lte=data["date_to"])
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("staff"):
        events = events.filter(actor_user__uuid=data["staff"])
    if data.get("child"):
        # By the uuid, which is indexed (the link to the child is not).
        events = events.filter(child_uuid__in=_matching_children(school, data["child"]).values("uuid"))
    if data.get("actor_kind"):
        events = events.filter(actor_kind=data["actor_kind"])
    return events


def chain_status(school: School) -> ChainStatus:
    length = AuditEvent.objects.filter(school=school).count()
    if length > INLINE_CHECK_LIMIT:
        last = AuditEvent.objects.filter(school=school, action=CHECK_ACTION).first()
        return ChainStatus(length=length, check=None, last_check=last)
    check = log.verify_chain(school)
    broken = None
    if check.row_id is not None:
        broken = AuditEvent.objects.filter(school=school, pk=check.row_id).first()
    return ChainStatus(length=length, check=check, broken_event=broken)


def broken_text(check: log.ChainCheck) -> str:
    """Which row and why, for the page and the message after a check."""
    if check.broken_at is None:
        return check.reason_text
    return _("row %(row)s, %(reason)s") % {"row": check.broken_at, "reason": check.reason_text}


def _rows(page: Page) -> list[EventRow]:
    return [
        EventRow(
            event=event,
            label=action_label(event.action),
            details=details_text(event.details),
            attention=needs_attention(event.action, event.details),
        )
        for event in page.object_list
    ]


@require_GET
@staff_view(Role.SCHOOL_ADMIN)
def audit_log(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    school = actor.current_school
    events = AuditEvent.objects.filter(school=school)
    form = LogFilterForm(
        request.GET or None, actions=_action_choices(events), staff=_staff_choices(school, events)
    )
    filtered = _filtered(events, form, school).select_related("child")
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(page)
    chain = chain_status(school)
    details: dict[str, Any] = {"rows": len(rows), "filters": form.used_filters()}
    if chain.check is not None:
        details["intact"] = chain.check.intact
    # Written after the page is read: the view shows the log as it was when it was opened.
    log.record(actor, "audit.log.view", details=details)
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows, "chain": chain})


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def check_chain(request: StaffHttpRequest) -> HttpResponse:
    """Check a long chain on request; the result is itself written to the log."""
    actor = request.actor
    check = log.verify_chain(actor.school)
    log.record(
        actor,
        CHECK_ACTION,
        details={"checked": check.checked, "intact": check.intact, "broken_at": check.broken_at},
    )
    if check.intact:
        text = ngettext(
            "The chain is intact: %(count)s row checked.",
            "The chain is intact: %(count)s rows checked.",
            check.checked,
        )
        messages.success(request, text % {"count": number_format(check.checked, force_grouping=True)})
    else:
        messages.error(request, _("The chain is broken: %(reason)s.") % {"reason": broken_text(check)})
    return redirect("audit:log")
