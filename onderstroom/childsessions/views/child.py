"""The child's side, on a tablet: type the code, tap your name, tap your three pictures.

Every step works with plain forms and redirects. Until the last step the child is an
anonymous visitor without a school scope; the steps open the scope of the class session
this browser typed the code of.
"""

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.audit import log
from onderstroom.childsessions import activities, services, signin
from onderstroom.childsessions.forms import CodeForm
from onderstroom.childsessions.models import ClassSession
from onderstroom.childsessions.names import short_names
from onderstroom.childsessions.pictures import ALL as PICTURES
from onderstroom.childsessions.services import PictureResult, TooManyAttempts, WrongCode
from onderstroom.core.net import allow_caching
from onderstroom.schools.access import ActorHttpRequest, ChildActor, ChildHttpRequest, child_view
from onderstroom.schools.models import Child
from onderstroom.tenancy import school_scope

StepView = Callable[..., HttpResponse]


def _open_entry(request: HttpRequest) -> ClassSession | None:
    """The session whose code this browser typed, if still open; a friendly word if it ended."""
    class_session = signin.entered_session(request)
    if class_session is not None and not class_session.is_open():
        signin.forget_entry(request)
        messages.info(request, _("This session has ended. Type the new code from the board."))
        return None
    return class_session


def signing_in(view: StepView) -> StepView:
    """A step after the code: needs an open entered session; runs in that session's school scope."""

    @wraps(view)
    def wrapped(request: ActorHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.actor.is_child:
            return redirect("childsessions:home")
        class_session = None if request.actor.is_staff else _open_entry(request)
        if class_session is None:
            return redirect("childsessions:start")
        with school_scope(class_session.school_id):
            return view(request, class_session, *args, **kwargs)

    return wrapped


@require_GET
def start(request: ActorHttpRequest) -> HttpResponse:
    """The child area without a school: back to this tablet's school entry, or ask for its code.

    The code asked for is the school's BRIN; whether a school uses Onderstroom is not told.
    """
    if request.actor.is_child:
        return redirect("childsessions:home")
    key = request.GET.get("school", "").strip()
    if key and signin.is_entry_key(key):
        return redirect("childsessions:school_start", school=key)
    remembered = signin.remembered_entry(request)
    if not key and remembered and not request.actor.is_staff:
        return redirect("childsessions:school_start", school=remembered)
    if key:
        messages.error(request, _("A school code is two numbers and two letters, such as 12AB."))
    return render(request, "childsessions/child/school.html", {}, status=400 if key else 200)


@require_http_methods(["GET", "POST"])
def school_start(request: ActorHttpRequest, school: str) -> HttpResponse:
    """A school's entry: type the code of one of its sessions. Looks the same for every BRIN."""
    if request.actor.is_child:
        return redirect("childsessions:home")
    entered = _open_entry(request)
    form = CodeForm(request.POST if request.method == "POST" and not request.actor.is_staff else None)
    status = 200
    if form.is_bound and form.is_valid():
        error, status = _try_code(request, school, form.cleaned_data["code"])
        if error is None:
            return _remembering(redirect("childsessions:names"), school)
        form.add_error("code", error)
    elif form.is_bound:
        status = 400
    context = {"form": form, "entered": entered}
    response = render(request, "childsessions/child/start.html", context, status=status)
    return response if request.actor.is_staff else _remembering(response, school)


@require_http_methods(["GET", "POST"])
def join(request: ActorHttpRequest, school: str, code: str) -> HttpResponse:
    """The address in the classroom screen's QR code: the code without typing.

    GET only shows a button that POSTs: a link or image elsewhere on the web cannot make a
    tablet try codes, and the page looks the same whatever the code.
    """
    if request.actor.is_child:
        return redirect("childsessions:home")
    if request.actor.is_staff:
        return redirect("childsessions:school_start", school=school)
    if request.method == "GET":
        return render(request, "childsessions/child/join.html", {})
    form = CodeForm({"code": code})
    error = (
        form.errors["code"][0]
        if not form.is_valid()
        else _try_code(request, school, form.cleaned_data["code"])[0]
    )
    if error is not None:
        messages.error(request, str(error))
        return redirect("childsessions:school_start", school=school)
    return _remembering(redirect("childsessions:names"), school)


def _remembering(response: HttpResponse, school: str) -> HttpResponse:
    signin.remember_entry(response, school)
    return response


def _try_code(request: ActorHttpRequest, school: str, code: str) -> tuple[str | None, int]:
    """Enter the school's session with this code: (None, 200), or (what to tell the child, status)."""
    try:
        class_session = services.enter_code(
            request.actor, services.entry_school(school), code, signin.device_key(request)
        )
    except TooManyAttempts:
        return _("Too many wrong codes on this device. Wait a few minutes, or ask your teacher."), 429
    except WrongCode:
        return _("That code is not right. Look at the board and try again."), 400
    signin.enter(request, class_session)
    return None, 200


@require_http_methods(["GET", "POST"])
@signing_in
def names(request: HttpRequest, class_session: ClassSession) -> HttpResponse:
    status = 200
    if request.method == "POST":
        child = services.session_child(class_session, request.POST.get("child"))
        if child is not None:
            signin.choose_child(request, child)
            return redirect("childsessions:pictures")
        messages.error(request, _("Tap your own name in the list."))
        status = 400
    children = services.group_children(class_session.group)
    labels = short_names(children)
    entries = [(child, labels[child.pk]) for child in children]
    context = {"class_session": class_session, "entries": entries}
    return render(request, "childsessions/child/names.html", context, status=status)


@require_http_methods(["GET", "POST"])
@signing_in
def pictures(request: ActorHttpRequest, class_session: ClassSession) -> HttpResponse:
    child = services.session_child(class_session, signin.chosen_child_uuid(request))
    if child is None:
        return redirect("childsessions:names")
    if services.is_locked(child):
        if request.method == "POST":
            return redirect("childsessions:pictures")
        return render(request, "childsessions/child/locked.html", {"child": child})
    if request.method == "POST":
        return _tap_picture(request, class_session, child)
    picked = len(signin.picked(request))
    context = {
        "child": child,
        "pictures": PICTURES,
        "dots": [index < picked for index in range(len(child.picture_code))],
        "picked": picked,
    }
    return render(request, "childsessions/child/pictures.html", context)


def _tap_picture(request: ActorHttpRequest, class_session: ClassSession, child: Child) -> HttpResponse:
    if "restart" in request.POST:
        signin.restart_pictures(request)
        return redirect("childsessions:pictures")
    index = request.POST.get("picture", "")
    if not (index.isascii() and index.isdigit() and int(index) < len(PICTURES)):
        messages.error(request, _("Tap one of the pictures."))
        return redirect("childsessions:pictures")
    picked = signin.pick(request, int(index))
    if len(picked) < len(child.picture_code):
        return redirect("childsessions:pictures")
    signin.restart_pictures(request)
    outcome = services.check_pictures(request.actor, class_session, child, picked, signin.device_key(request))
    if outcome.result == PictureResult.SIGNED_IN and outcome.sign_in is not None:
        signin.attach_child(request, class_session, outcome.sign_in)
        return redirect("childsessions:home")
    if outcome.result == PictureResult.WRONG:
        messages.warning(request, _("Those were not your pictures. Look at your card and try again."))
    if outcome.result == PictureResult.TOO_MANY:
        messages.error(
            request, _("Too many wrong tries on this device. Wait a few minutes, or ask your teacher.")
        )
    return redirect("childsessions:pictures")


@require_GET
def photo(request: ActorHttpRequest, uuid: UUID) -> FileResponse:
    """A photo on the name buttons: only of a child of the session this browser typed the code of."""
    actor = request.actor
    if actor.is_staff:
        raise Http404
    class_session = actor.class_session if isinstance(actor, ChildActor) else signin.entered_session(request)
    if class_session is None or not class_session.is_open():
        raise Http404
    with school_scope(class_session.school_id):
        child = services.session_child(class_session, uuid)
        if child is None or not child.photo:
            raise Http404
        # A photo is the child's data: one read row, by the child or the tablet that typed the code.
        log.record_many(
            actor,
            "childsessions.photo.view",
            children=[child],
            school=class_session.school,
            obj=class_session,
        )
    content_type = mimetypes.guess_type(child.photo.name or "")[0] or "image/jpeg"
    response = FileResponse(child.photo.open("rb"), content_type=content_type)
    # Deliberately cached: a class of name buttons or a group page asks for many photos at once.
    return allow_caching(response, "private, max-age=300")


@require_GET
@child_view
def home(request: ChildHttpRequest) -> HttpResponse:
    """Where a signed-in child belongs: the session's activity, or a friendly wait."""
    actor = request.actor
    url = activities.get(actor.class_session.activity).child_url(actor)
    if url:
        return redirect(url)
    return render(request, "childsessions/child/waiting.html", {})


@require_POST
def leave(request: ActorHttpRequest) -> HttpResponse:
    """ "Stop": sign the child out; the tablet stays in the session for the next child."""
    actor = request.actor
    if not isinstance(actor, ChildActor):
        return redirect("childsessions:start")
    log.record(actor, "childsessions.child.sign_out", child=actor.child, obj=actor.class_session)
    signin.detach_child(request)
    signin.forget_child(request)
    if _open_entry(request) is None:
        messages.success(request, _("You have stopped. Well done!"))
        return redirect("childsessions:start")
    messages.success(request, _("You have stopped. Well done! The next child can tap their name."))
    return redirect("childsessions:names")
