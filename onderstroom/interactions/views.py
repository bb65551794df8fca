"""The interaction log's screens: the one-tap logger, its device queue's endpoint, and the four views."""

from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.accounts.models import User
from onderstroom.audit import log
from onderstroom.core.exports import Sheet, requested_format
from onderstroom.core.exports import response as export_response
from onderstroom.core.inputs import BadInput
from onderstroom.interactions import charts, measures, reports, services
from onderstroom.interactions.access import LogChoice, choose_log, get_group_child
from onderstroom.interactions.forms import (
    DaysForm,
    DistributionForm,
    LogFilterForm,
    PeriodForm,
    ShareForm,
    TapForm,
    UndoForm,
    WeekForm,
    parse_ops,
)
from onderstroom.interactions.kinds import kind_text, kind_texts
from onderstroom.interactions.models import InteractionEvent, Kind, LogShare
from onderstroom.schools import access
from onderstroom.schools.access import StaffActor, StaffHttpRequest, staff_view, today
from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment, Role

CHILD_WEEKS = 8

# --- the logger ------------------------------------------------------------------------------------


def _logger_children(group: Group) -> list[dict[str, Any]]:
    enrollments = [e for e in Enrollment.objects.filter(group=group).select_related("child")]
    children = [e.child for e in enrollments]
    children.sort(key=lambda c: (c.first_name.lower(), c.sort_surname))
    names = reports.display_names(children)
    return [{"child": c, "name": names[c.pk]} for c in children]


def _last_tap(actor: StaffActor, group: Group, raw: str | None) -> dict[str, str] | None:
    """The tap just made with the plain form, for its undo button."""
    form = UndoForm({"client_id": raw or ""})
    if not form.is_valid():
        return None
    row = (
        InteractionEvent.objects.filter(
            teacher=actor.user, group=group, client_id=form.cleaned_data["client_id"], child__isnull=False
        )
        .select_related("child")
        .first()
    )
    if row is None or row.child is None:
        return None
    return {"id": str(row.client_id), "text": kind_text(row.kind).confirmation(row.child.first_name)}


@require_http_methods(["GET", "POST"])
@staff_view(Role.TEACHER)
def logger(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Big name buttons, then one tap for what happened (static/interactions/logger.js).

    Without JavaScript it is a plain form that logs one tap per submit; the id in the form makes
    a submit sent twice (a reload, a double tap) count once.
    """
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    children = _logger_children(group)
    choices = [(str(c["child"].uuid), c["name"]) for c in children]
    form = TapForm(request.POST if request.method == "POST" else None, children=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.log_tap(actor, group, data["client_id"], UUID(data["child"]), data["kind"])
        if result.rejected:
            form.add_error(None, next(iter(result.rejected.values())))
        else:
            name = dict(choices)[data["child"]]
            messages.success(request, kind_text(data["kind"]).confirmation(name))
            url = reverse("interactions:logger", kwargs={"uuid": group.uuid})
            return redirect(f"{url}?last={data['client_id']}")
    if request.method == "GET":
        log.record(actor, "interactions.logger.view", obj=group, details={"children": len(children)})
    return render(
        request,
        "interactions/logger.html",
        {
            "group": group,
            "children": children,
            "kinds": kind_texts(),
            "form": form,
            "client_id": uuid4(),
            "last": _last_tap(actor, group, request.GET.get("last")),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_view(Role.TEACHER)
def taps(request: StaffHttpRequest, uuid: UUID) -> JsonResponse:
    """The device queue sends its taps and undos here; each id is stored once, however often it comes."""
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    try:
        result = services.sync(actor, group, parse_ops(request))
    except BadInput as bad:
        return bad.response()
    return JsonResponse({"done": result.done, "rejected": result.rejected})


@require_POST
@staff_view(Role.TEACHER)
def undo(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """The plain form's undo of the tap just made."""
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    form = UndoForm(request.POST)
    if not form.is_valid() or not services.undo_tap(actor, group, form.cleaned_data["client_id"]):
        messages.error(request, _("There is no tap to undo."))
        return redirect("interactions:logger", uuid=group.uuid)
    messages.success(request, _("The last tap is undone."))
    return redirect("interactions:logger", uuid=group.uuid)


@require_POST
@staff_view(Role.TEACHER)
def share(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    group = access.get_teacher_group(actor, uuid)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return redirect("interactions:turns", uuid=group.uuid)  # a tampered form changes nothing
    shared, back = form.cleaned_data["shared"], form.cleaned_data["back"] or "turns"
    if services.set_share(actor, group, shared):
        if shared:
            messages.success(
                request, _("The care coordinator of this group can now see your interaction log.")
            )
        else:
            messages.success(request, _("Your interaction log is private again."))
    return redirect(f"interactions:{back}", uuid=group.uuid)


# --- the views -------------------------------------------------------------------------------------


def _care_names(group: Group) -> list[str]:
    assignments = GroupAssignment.objects.filter(group=group, kind=GroupAssignment.Kind.CARE)
    return [a.user.full_name for a in assignments.select_related("user").order_by("user__full_name")]


def _frame(request: StaffHttpRequest, choice: LogChoice, tab: str) -> dict[str, Any]:
    """What every view shows around its content: tabs, whose log, and the sharing switch."""
    group = choice.group
    frame: dict[str, Any] = {"choice": choice, "group": group, "tab": tab}
    if choice.is_teacher:
        frame["shared"] = LogShare.objects.filter(teacher=request.actor.user, group=group).exists()
        frame["care_names"] = _care_names(group)
    if choice.owner is not None and not choice.is_own:
        frame["owner_query"] = f"?teacher={choice.owner.uuid}"
        frame["owner_param"] = f"&teacher={choice.owner.uuid}"
    return frame


def _colleague(choice: LogChoice) -> UUID | None:
    """The owner of the log when it is a colleague's: the filters carry it along."""
    return choice.owner.uuid if choice.owner is not None and not choice.is_own else None


def _zone() -> tzinfo:
    """The school's time zone: weeks and days are counted in it."""
    return timezone.get_current_timezone()


def _show(request: HttpRequest, template: str, frame: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"interactions/{template}", frame, status=status)


# The audit code of each download of a table, written out so that each has its label.
TURNS_EXPORT = {"csv": "interactions.turns.csv", "xlsx": "interactions.turns.xlsx"}
BALANCE_EXPORT = {"csv": "interactions.balance.csv", "xlsx": "interactions.balance.xlsx"}
UNNOTICED_EXPORT = {"csv": "interactions.unnoticed.csv", "xlsx": "interactions.unnoticed.xlsx"}
DISTRIBUTION_EXPORT = {"csv": "interactions.distribution.csv", "xlsx": "interactions.distribution.xlsx"}


def _no_table(page: HttpResponse, fmt: str | None) -> HttpResponse:
    """A filter the view refused (400, with its message) or a log that is not shared: no download."""
    if fmt and page.status_code == 200:
        raise Http404  # not shared: the page shows no table, so there is none to download
    return page


def _opened[F: LogFilterForm](
    request: StaffHttpRequest,
    uuid: UUID,
    tab: str,
    template: str,
    form_class: type[F],
    extra: Callable[[LogChoice], dict[str, Any]] | None = None,
) -> tuple[LogChoice, User, dict[str, Any], F] | HttpResponse:
    """What the filtered views share: whose log (and its owner), the frame, the filter.

    A bad filter answers 400 and a log that is not shared the page without data; otherwise the
    caller fills the frame."""
    choice = choose_log(request.actor, uuid, request.GET.get("teacher"))
    frame = _frame(request, choice, tab)
    form = form_class(request.GET, owner=_colleague(choice))
    frame.update(form=form, **(extra(choice) if extra else {}))
    if not form.is_valid():
        return _show(request, template, frame, status=400)
    if choice.owner is None:
        return _show(request, template, frame)
    return choice, choice.owner, frame, form


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def turns(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Turns per child in one week (Monday to Sunday), and who had none."""
    actor = request.actor
    fmt = requested_format(request)
    choice = choose_log(actor, uuid, request.GET.get("teacher"))
    frame = _frame(request, choice, "turns")
    form = WeekForm(request.GET)
    if not form.is_valid():
        return _show(request, "turns.html", {**frame, "form": form}, status=400)
    monday = measures.week_start(form.cleaned_data["day"])
    frame.update(form=form, monday=monday, sunday=monday + timedelta(days=6))
    frame.update(previous=monday - timedelta(days=7), next=_next_week(monday))
    if choice.owner is None:
        if fmt:
            raise Http404  # a log that is not shared has no table to download
        return _show(request, "turns.html", frame)
    members, children = reports.members(choice.group)
    start, end = measures.week_bounds(monday, _zone())
    result = measures.turns(members, reports.counts_of(choice.owner, choice.group, Kind.TURN, start, end))
    rows = [{"row": row, "bar": charts.count_bar(row.count, result.most)} for row in result.rows]
    log.record_reads(
        actor,
        TURNS_EXPORT[fmt] if fmt else "interactions.turns.view",
        list(children.values()),
        obj=choice.group,
    )
    if fmt:
        sheet = Sheet(
            title=_("Turns"),
            header=[_("Pupil"), _("Week of"), _("Turns")],
            rows=[[row.member.name, monday, row.count] for row in result.rows],
        )
        return export_response(sheet, fmt, f"beurten-{choice.group.name}-{monday.isoformat()}")
    return _show(request, "turns.html", {**frame, "result": result, "rows": rows})


def _next_week(monday: date) -> date | None:
    following = monday + timedelta(days=7)
    return following if following <= today() else None


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def balance(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Positive contacts against corrections, per child, over a chosen period."""
    actor = request.actor
    fmt = requested_format(request)
    opened = _opened(request, uuid, "balance", "balance.html", PeriodForm)
    if isinstance(opened, HttpResponse):
        return _no_table(opened, fmt)
    choice, owner, frame, form = opened
    members, children = reports.members(choice.group)
    start, end = measures.day_bounds(*form.period(), _zone())
    rows = measures.balance(members, reports.counts_by_kind(owner, choice.group, start, end))
    most = max([0, *(r.positive for r in rows), *(r.negative for r in rows)])
    frame["rows"] = [{"row": r, "bar": charts.balance_bar(r.positive, r.negative, most)} for r in rows]
    frame["more_negative"] = [r.member for r in rows if r.more_negative]
    frame["positive"] = sum(r.positive for r in rows)
    frame["negative"] = sum(r.negative for r in rows)
    action = BALANCE_EXPORT[fmt] if fmt else "interactions.balance.view"
    log.record_reads(actor, action, list(children.values()), obj=choice.group)
    if fmt:
        first, last = form.period()
        sheet = Sheet(
            title=_("Balance"),
            header=[_("Pupil"), _("From"), _("To"), _("Positive"), _("Negative"), _("More corrections")],
            rows=[
                [r.member.name, first, last, r.positive, r.negative, _("yes") if r.more_negative else ""]
                for r in rows
            ],
        )
        return export_response(
            sheet, fmt, f"balans-{choice.group.name}-{first.isoformat()}-{last.isoformat()}"
        )
    return _show(request, "balance.html", frame)


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def unnoticed(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """Children without a personal moment or praise in the last N days."""
    actor = request.actor
    fmt = requested_format(request)
    opened = _opened(request, uuid, "unnoticed", "unnoticed.html", DaysForm)
    if isinstance(opened, HttpResponse):
        return _no_table(opened, fmt)
    choice, owner, frame, form = opened
    members, children = reports.members(choice.group)
    days = form.cleaned_data["days"]
    rows = measures.unnoticed(members, reports.last_noticed(owner, choice.group), today(), days, _zone())
    frame.update(rows=rows, days=days, size=len(members))
    action = UNNOTICED_EXPORT[fmt] if fmt else "interactions.unnoticed.view"
    log.record_reads(actor, action, [children[r.member.id] for r in rows], obj=choice.group)
    if fmt:
        sheet = Sheet(
            title=_("Not noticed"),
            header=[_("Pupil"), _("Last noticed"), _("Days ago")],
            rows=[[r.member.name, r.last, r.days] for r in rows],
        )
        return export_response(sheet, fmt, f"niet-opgemerkt-{choice.group.name}-{days}")
    return _show(request, "unnoticed.html", frame)


def _gender_label(key: str) -> str:
    return str(dict(Child.Gender.choices).get(key, _("not recorded")))


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def distribution(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    """How one kind of tap is spread over genders and grades, against their share of the group."""
    actor = request.actor
    fmt = requested_format(request)
    which = _distribution_table_param(request, fmt)
    opened = _opened(request, uuid, "distribution", "distribution.html", DistributionForm)
    if isinstance(opened, HttpResponse):
        return _no_table(opened, fmt)
    choice, owner, frame, form = opened
    kind = form.cleaned_data["kind"]
    members, children = reports.members(choice.group)
    start, end = measures.day_bounds(*form.period(), _zone())
    counts = reports.counts_of(owner, choice.group, kind, start, end)
    frame["kind_label"] = Kind(kind).label
    frame["tables"] = [
        _distribution_table(_("By gender"), members, counts, "gender", _gender_label),
        _distribution_table(_("By grade"), members, counts, "grade", _grade_label),
    ]
    action = DISTRIBUTION_EXPORT[fmt] if fmt else "interactions.distribution.view"
    log.record_reads(actor, action, list(children.values()), obj=choice.group)
    if fmt:
        table = next(t for t in frame["tables"] if t["key"] == which)
        first, last = form.period()
        return export_response(
            _distribution_sheet(table, str(frame["kind_label"]), first, last),
            fmt,
            f"spreiding-{which}-{choice.group.name}-{first.isoformat()}-{last.isoformat()}",
        )
    return _show(request, "distribution.html", frame)


# The distribution page's two tables, each its own download (`?format=…&table=gender|grade`).
DISTRIBUTION_TABLES = ("gender", "grade")


def _distribution_table_param(request: HttpRequest, fmt: str | None) -> str | None:
    """Which table a download holds: required with a format; any other value is no table (404)."""
    which = request.GET.get("table")
    if which is None and fmt is None:
        return None
    if which not in DISTRIBUTION_TABLES:
        raise Http404
    return which


def _distribution_sheet(table: dict[str, Any], kind_label: str, first: date, last: date) -> Sheet:
    """One row per category, the numbers of the page: percentages rounded as the page rounds them,
    the expected taps to one decimal (empty where the category is left out of the test). No rows
    where the page shows no table (nothing logged, or one category only). The test itself, when the
    page shows one, is a second sheet of the XLSX."""
    result: measures.Distribution = table["result"]
    shown = result.total > 0 and result.comparable
    sheet = Sheet(
        title=str(table["title"]),
        header=[
            _("Gender") if table["key"] == "gender" else _("Grade"),
            _("What"),
            _("From"),
            _("To"),
            _("Pupils"),
            _("Share of pupils (%)"),
            _("Taps"),
            _("Share of taps (%)"),
            _("Expected"),
        ],
        rows=[
            [
                capfirst(row["label"]),
                kind_label,
                first,
                last,
                row["share"].children,
                round(row["share"].child_share * 100),
                row["share"].taps,
                round(row["share"].tap_share * 100),
                None if row["share"].expected is None else round(row["share"].expected, 1),
            ]
            for row in table["rows"]
        ]
        if shown
        else [],
    )
    if shown and result.test is not None:
        sheet.extra.append(
            Sheet(
                title=_("Test"),
                header=[_("Chi-square"), "p", _("Shuffles"), _("Left out of the test")],
                rows=[
                    [
                        round(result.test.statistic, 2),
                        None if result.p_value is None else round(result.p_value, 3),
                        result.permutations,
                        table["left_out"],
                    ]
                ],
            )
        )
    return sheet


def _grade_label(key: str) -> str:
    return _("grade %(grade)s") % {"grade": key}


def _distribution_table(
    title: str, members: list[measures.Member], counts: dict[int, int], key_of: str, label: Any
) -> dict[str, Any]:
    result = measures.distribution(measures.categorise(members, counts, key_of))
    rows = [
        {"share": s, "label": label(s.key), "bars": charts.share_bars(s.child_share, s.tap_share)}
        for s in result.shares
    ]
    left_out = ", ".join(label(key) for key in result.left_out)
    return {"key": key_of, "title": title, "result": result, "rows": rows, "left_out": left_out}


@require_GET
@staff_view(Role.TEACHER, Role.CARE)
def child_balance(request: StaffHttpRequest, group: UUID, child: UUID) -> HttpResponse:
    """One child in one teacher's log: the taps per kind over a period, and the balance week by week."""
    actor = request.actor
    opened = _opened(
        request,
        group,
        "balance",
        "child.html",
        PeriodForm,
        extra=lambda c: {"child": get_group_child(c.group, child)},
    )
    if isinstance(opened, HttpResponse):
        return opened
    choice, owner, frame, form = opened
    pupil: Child = frame["child"]
    first, last = form.period()
    zone = _zone()
    week_from = measures.week_start(last) - timedelta(weeks=CHILD_WEEKS - 1)
    start, end = measures.day_bounds(min(first, week_from), last, zone)
    taps = reports.child_taps(owner, choice.group, pupil, start, end)
    kinds = measures.kind_totals(taps, measures.day_bounds(first, last, zone)[0])
    frame.update(
        kind_counts=[(text.label, kinds[text.value]) for text in kind_texts()],
        balance=measures.positive_negative(kinds),
        chart=charts.week_chart(measures.weeks(taps, last, CHILD_WEEKS, zone)),
        last_noticed=reports.last_noticed(owner, choice.group, child=pupil).get(pupil.pk),
    )
    log.record(actor, "interactions.child.view", child=pupil, obj=choice.group)
    return _show(request, "child.html", frame)
