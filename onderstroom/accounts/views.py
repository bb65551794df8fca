"""Staff sign-in (password, then a code for users with a second factor), sign-out and the account page."""

from datetime import datetime, timedelta
from uuid import UUID

from django.contrib import auth, messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onderstroom.accounts import oidc, services, totp
from onderstroom.accounts.forms import (
    CodeForm,
    NewPasswordForm,
    OwnPhotoForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    SignInForm,
)
from onderstroom.accounts.models import LoginAttempt, User
from onderstroom.accounts.signin import (
    NOTICE_ABSOLUTE_LIMIT,
    NOTICE_IDLE_LIMIT,
    NOTICE_KEY,
    PENDING_KEY,
    begin_pending,
    drop_pending,
    pending_user,
    safe_next,
)
from onderstroom.core import dates
from onderstroom.core.errors import Refused
from onderstroom.core.net import allow_caching, client_ip
from onderstroom.schools.access import ActorHttpRequest, StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.models import Role
from onderstroom.schools.services import invitations_for

TOTP_SETUP_KEY = "accounts_totp_setup_secret"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- sign-in -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def login(request: ActorHttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    if isinstance(request.actor, StaffActor):
        return redirect(safe_next(request, next_url))
    notice = request.session.pop(NOTICE_KEY, None)
    if notice == NOTICE_ABSOLUTE_LIMIT:
        messages.warning(
            request, _("You were signed in for 12 hours, so you were signed out. Please sign in again.")
        )
    elif notice == NOTICE_IDLE_LIMIT:
        messages.warning(
            request, _("You were signed out after 30 minutes without activity. Please sign in again.")
        )
    form = SignInForm(request.POST if request.method == "POST" else None, label_suffix="")
    error = ""
    if form.is_valid():
        ip = client_ip(request)
        result = services.check_password_step(form.cleaned_data["email"], form.cleaned_data["password"], ip)
        if result.user is not None and result.needs_code:
            begin_pending(request, result.user, safe_next(request, next_url))
            return redirect("accounts:login_code")
        if result.user is not None:
            return _finish_sign_in(request, result.user, safe_next(request, next_url))
        error = _failure_message(result)
    context = {
        "form": form,
        "error": error,
        "next": next_url or "",
        "asked_to_sign_in": bool(next_url),
        "school_accounts": oidc.schools_with_providers(),
    }
    return render(request, "accounts/login.html", context)


@require_http_methods(["GET", "POST"])
def login_code(request: ActorHttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app, within five minutes of the password."""
    if isinstance(request.actor, StaffActor):
        return redirect("core:home")
    had_pending = PENDING_KEY in request.session
    pending = pending_user(request)
    if pending is None:
        if had_pending:
            messages.warning(request, _("Signing in took too long. Please start again."))
        return redirect("accounts:login")
    user, next_url = pending
    form = CodeForm(request.POST if request.method == "POST" else None, label_suffix="")
    error = ""
    if form.is_valid():
        result = services.check_code_step(user, form.cleaned_data["code"], client_ip(request))
        if result.user is not None:
            return _finish_sign_in(request, result.user, next_url)
        if result.outcome != LoginAttempt.Outcome.BAD_TOTP or result.locked_until:
            drop_pending(request)  # locked or switched off: back to the start
        error = _failure_message(result)
    return render(request, "accounts/login_code.html", {"form": form, "error": error})


def _finish_sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    # auth.login cycles the session key; the user_logged_in receiver drops any child
    # signed in on this browser and starts the 12-hour clock (accounts.signin).
    auth.login(request, user, backend=MODEL_BACKEND)
    if notice := services.take_reset_notice(user):
        messages.warning(
            request,
            _(
                "%(name)s, school administrator, reset your password on %(date)s. "
                "If you did not ask for this, tell your school."
            )
            % {"name": notice.by, "date": _local(notice.at)},
        )
    if invitations_for(user):
        # Roles at another school start only with the person's own yes: ask before anything else.
        return redirect("schools:invitations")
    return redirect(next_url)


def _failure_message(result: services.SignInResult) -> str:
    """Said the same way whether or not the account exists."""
    Outcome = LoginAttempt.Outcome
    if result.outcome == Outcome.LOCKED:
        first = ""
    elif result.outcome == Outcome.BAD_TOTP:
        first = _(
            "That code is not right, or it was used already. Wait for a new code in your app and try again."
        )
    else:
        first = _("Wrong email address or password.")
    if result.locked_until is None:
        return first
    locked = _(
        "Too many failed attempts: signing in is paused for your safety. Try again after %(time)s."
    ) % {"time": _minute_after(result.locked_until)}
    return f"{first} {locked}".strip()


def _local(moment: datetime) -> str:
    return dates.when(moment, "moment")


def _minute_after(moment: datetime) -> str:
    """The local time, rounded up to the minute, so "after 14:35" is never too early."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if local.date() != timezone.localdate():
        return dates.when(local, "moment")
    return dates.when(local, "clock")


@require_POST
def logout(request: ActorHttpRequest) -> HttpResponse:
    if isinstance(request.actor, StaffActor):
        services.record_sign_out(request.actor)
        auth.logout(request)
        messages.success(request, _("You are signed out."))
    return redirect("accounts:login")


# --- the account page -----------------------------------------------------------------------------


@require_http_methods(["GET"])
@staff_view()
def settings(request: StaffHttpRequest) -> HttpResponse:
    user = request.actor.user
    context = {
        "account": user,
        "photo_form": OwnPhotoForm(),
        "attempts": services.recent_attempts(user),
        "disable_form": PasswordConfirmForm(label_suffix="", auto_id="totp-off-%s"),
    }
    return render(request, "accounts/settings.html", context)


@require_http_methods(["GET", "POST"])
@staff_view()
def password(request: StaffHttpRequest) -> HttpResponse:
    actor = request.actor
    forced = actor.user.must_change_password
    form = PasswordChangeForm(actor.user, request.POST if request.method == "POST" else None, label_suffix="")
    if form.is_valid():
        services.change_password(actor, form.cleaned_data["new_password"])
        auth.update_session_auth_hash(request, actor.user)  # this session stays; all others end
        messages.success(request, _("Your new password is saved. You are signed out on your other devices."))
        return redirect("core:home" if forced else "accounts:settings")
    return render(request, "accounts/password.html", {"form": form, "forced": forced})


@require_http_methods(["GET", "POST"])
@staff_view()
def totp_setup(request: StaffHttpRequest) -> HttpResponse:
    """Show a new secret as QR code and text; it is switched on only after a correct code."""
    actor = request.actor
    if actor.user.has_totp:
        messages.info(request, _("Two-step verification is already on."))
        return redirect("accounts:settings")
    secret = request.session.get(TOTP_SETUP_KEY)
    if not isinstance(secret, str) or not secret:
        secret = request.session[TOTP_SETUP_KEY] = totp.new_secret()
    form = CodeForm(request.POST if request.method == "POST" else None, label_suffix="")
    if form.is_valid():
        if services.enable_totp(actor, secret, form.cleaned_data["code"]):
            request.session.pop(TOTP_SETUP_KEY, None)
            messages.success(
                request, _("Two-step verification is on. From now on you enter a code after your password.")
            )
            return redirect("accounts:settings")
        form.add_error(
            "code",
            _("That code is not right. Check that the time on your phone is correct and try the new code."),
        )
    context = {
        "form": form,
        "secret": totp.grouped(secret),
        "qr": totp.qr_svg(totp.provisioning_uri(actor.user, secret), _("QR code for your authenticator app")),
    }
    return render(request, "accounts/totp_setup.html", context)


@require_POST
@staff_view()
def totp_disable(request: StaffHttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid() and services.disable_totp(request.actor, form.cleaned_data["password"]):
        messages.success(request, _("Two-step verification is off. You sign in with your password only."))
    elif request.actor.user.has_totp:
        messages.error(request, _("That is not your password. Two-step verification is still on."))
    else:
        messages.info(request, _("Two-step verification was not on."))
    return redirect("accounts:settings")


@require_POST
@staff_view()
def sign_out_everywhere(request: StaffHttpRequest) -> HttpResponse:
    services.sign_out_everywhere(request.actor)
    auth.logout(request)
    messages.success(request, _("You are signed out on every device, this one too."))
    return redirect("accounts:login")


# --- one's own photo ----------------------------------------------------------------------------


@require_POST
@staff_view()
def photo_upload(request: StaffHttpRequest) -> HttpResponse:
    form = OwnPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("photo", []):
            messages.error(request, str(error))
        return redirect("accounts:settings")
    try:
        services.set_own_photo(request.actor, form.cleaned_data["photo"])
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your photo is saved."))
    return redirect("accounts:settings")


@require_POST
@staff_view()
def photo_remove(request: StaffHttpRequest) -> HttpResponse:
    try:
        services.remove_own_photo(request.actor)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your photo is removed."))
    return redirect("accounts:settings")


@require_GET
def own_photo(request: ActorHttpRequest) -> FileResponse:
    """One's own photo, for the account page (the children's screen serves it through the round);
    anybody else gets 404, as the other photo views answer."""
    actor = request.actor
    if not isinstance(actor, StaffActor) or not actor.user.photo:
        raise Http404
    user = actor.user
    return allow_caching(
        FileResponse(user.photo.open("rb"), content_type="image/jpeg"), "private, max-age=300"
    )


# --- the school admin -----------------------------------------------------------------------------


@require_POST
@staff_view(Role.SCHOOL_ADMIN)
def admin_reset_password(request: StaffHttpRequest, uuid: UUID) -> HttpResponse:
    actor = request.actor
    if actor.user.uuid == uuid:
        messages.info(request, _("To change your own password, use this form."))
        return redirect("accounts:password")
    try:
        reset = services.reset_password_by_admin(actor, uuid, request.build_absolute_uri)
    except services.ResetNotAllowed:
        messages.error(
            request,
            _(
                "This colleague also has a role at another school or on the board, so only the "
                "administrator of the installation can reset their password."
            ),
        )
        return redirect("schools:staff")
    context = {"colleague": reset.user, "link_sent": reset.link_sent, "hours": services.link_hours()}
    return render(request, "accounts/reset_done.html", context)


@require_http_methods(["GET", "POST"])
def reset_confirm(request: HttpRequest, uuid: UUID, token: str) -> HttpResponse:
    """Choose a new password through the link an admin's reset mailed to the account's own address."""
    user = services.user_for_reset_link(uuid, token)
    if user is None:
        return render(request, "accounts/reset_confirm.html", {"invalid": True}, status=404)
    form = NewPasswordForm(user, request.POST if request.method == "POST" else None, label_suffix="")
    if form.is_valid():
        services.set_password_with_link(user, form.cleaned_data["new_password"], client_ip(request))
        auth.logout(request)  # whoever was signed in on this browser: the owner signs in anew
        messages.success(request, _("Your new password is saved. Sign in with it."))
        return redirect("accounts:login")
    context = {"form": form, "notice": services.pending_reset_notice(user), "has_totp": user.has_totp}
    return render(request, "accounts/reset_confirm.html", context)
