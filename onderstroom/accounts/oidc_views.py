"""Signing in with the school's own accounts (OpenID Connect) and the school admin's page to set it up.

The start sends the browser to the school's provider with a fresh state, nonce and PKCE verifier kept
in the session (for ten minutes); the callback checks the state, lets accounts/oidc.py exchange and
check the code, and services.school_account_sign_in decide who (if anyone) is let in.
"""

import hmac
import time
from uuid import UUID

from django.conf import settings
from django.contrib import auth, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onderstroom.accounts import access, oidc, services
from onderstroom.accounts.forms import SchoolSignInForm
from onderstroom.accounts.signin import safe_next
from onderstroom.core.net import client_ip
from onderstroom.schools.access import ActorHttpRequest, StaffActor, StaffHttpRequest, staff_view
from onderstroom.schools.middleware import ACTIVE_SCHOOL_KEY
from onderstroom.schools.models import Role, School
from onderstroom.schools.services import invitations_for

OIDC_KEY = "accounts_school_account"
OIDC_SECONDS = 10 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


@require_GET
def start(request: ActorHttpRequest, school: UUID) -> HttpResponse:
    """The button on the sign-in page: off to the school's own sign-in page."""
    next_url = request.GET.get("next")
    if isinstance(request.actor, StaffActor):
        return redirect(safe_next(request, next_url))
    found = School.objects.filter(uuid=school).first()
    provider = oidc.provider_for(found) if found else None
    if provider is None:
        raise Http404
    try:
        started = oidc.start(provider, _callback_url(request))
    except oidc.SignInFailed as failed:
        messages.error(request, str(failed))
        return redirect("accounts:login")
    request.session[OIDC_KEY] = {
        "state": started.state,
        "nonce": started.nonce,
        "verifier": started.verifier,
        "school": provider.school.pk,
        "next": safe_next(request, next_url),
        "started": int(time.time()),
    }
    return redirect(started.url)


@require_GET
def callback(request: ActorHttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code (or an error)."""
    pending = request.session.pop(OIDC_KEY, None)
    state = request.GET.get("state", "")
    if (
        not isinstance(pending, dict)
        or time.time() - pending.get("started", 0) > OIDC_SECONDS
        or not hmac.compare_digest(str(pending.get("state", "")), state)
    ):
        messages.error(request, _("Signing in with your school account took too long. Please start again."))
        return redirect("accounts:login")
    if request.GET.get("error") or not request.GET.get("code"):
        messages.warning(request, _("Signing in with your school account was cancelled."))
        return redirect("accounts:login")
    school = School.objects.filter(pk=pending["school"]).first()
    provider = oidc.provider_for(school) if school else None
    if provider is None:
        messages.error(request, _("Your school no longer offers signing in with its own accounts."))
        return redirect("accounts:login")
    try:
        claims = oidc.finish(
            provider, request.GET["code"], _callback_url(request), pending["nonce"], pending["verifier"]
        )
    except oidc.SignInFailed as failed:
        messages.error(request, str(failed))
        return redirect("accounts:login")
    email = oidc.verified_email(provider, claims)
    result = services.school_account_sign_in(provider.school, provider.kind, email, client_ip(request))
    if result.user is None:
        messages.error(request, services.refusal_message(result.refusal, provider.school))
        return redirect("accounts:login")
    # auth.login cycles the session key; the user_logged_in receiver starts the 12-hour clock.
    auth.login(request, result.user, backend=MODEL_BACKEND)
    request.session[ACTIVE_SCHOOL_KEY] = provider.school.pk
    if invitations_for(result.user):
        return redirect("schools:invitations")
    return redirect(pending["next"])


@require_http_methods(["GET", "POST"])
@staff_view(Role.SCHOOL_ADMIN)
def school_sign_in(request: StaffHttpRequest) -> HttpResponse:
    """The school admin's page: the school's own accounts as a way for its staff to sign in."""
    actor = request.actor
    row = access.school_sign_in(actor)
    assert actor.school is not None  # staff_view(SCHOOL_ADMIN): an active school
    from_environment = actor.school.brin.upper() in settings.OIDC_SCHOOLS
    initial = (
        {
            name: getattr(row, name)
            for name in ("kind", "tenant", "issuer", "client_id", "secret_env", "enabled")
        }
        if row
        else {"kind": "entra", "enabled": True}
    )
    has_secret = bool(row and (row.secret_box or row.secret_env))
    form = SchoolSignInForm(
        request.POST if request.method == "POST" and not from_environment else None,
        initial=initial,
        has_secret=has_secret,
    )
    if form.is_valid():
        services.save_school_sign_in(actor, form.cleaned_data)
        messages.success(request, _("The sign-in with your school's accounts is saved."))
        return redirect("accounts:school_sign_in")
    context = {
        "form": form,
        "row": row,
        "has_secret": has_secret,
        "from_environment": from_environment,
        "callback_url": _callback_url(request),
        "allowed_issuers": sorted(oidc.allowed_issuers()),
        "presets": {"entra": oidc.ENTRA_ISSUER, "google": oidc.GOOGLE_ISSUER, "surf": oidc.SURFCONEXT_ISSUER},
    }
    return render(request, "accounts/school_sign_in.html", context)
