"""Signing in with a school's own accounts: OpenID Connect, the authorization code flow with PKCE,
`state` and `nonce`.

Which provider a school uses comes from the environment (`ONDERSTROOM_OIDC_<BRIN>_ISSUER`,
`_CLIENT_ID`, `_CLIENT_SECRET`, optional `_KIND` and `_TENANT`; read in settings.OIDC_SCHOOLS), or else
from the school admin's page (`SchoolSignIn`). The issuer must be one of the presets' (Microsoft Entra
ID for a tenant, Google, SURFconext) or listed by the installation in `ONDERSTROOM_OIDC_ALLOWED_ISSUERS`:
whoever runs the issuer decides which e-mail addresses it vouches for.

Token exchange, signature check (the provider's JWKS) and the nonce use mozilla-django-oidc's backend,
set up per provider; this module adds discovery, PKCE, and checks of `iss`, `aud` and the userinfo's
`sub`. The network libraries load only when someone signs in this way (a management command's start
stays light). Who is let in is decided in `services.school_account_sign_in`.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from onderstroom.accounts.models import SchoolSignIn
from onderstroom.schools.models import School
from onderstroom.tenancy import school_scope

Kind = SchoolSignIn.Kind
ENTRA_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"
GOOGLE_ISSUER = "https://accounts.google.com"
SURFCONEXT_ISSUER = "https://connect.surfconext.nl"
SECRET_ENV_PATTERN = re.compile(r"ONDERSTROOM_OIDC_SECRET_[A-Z0-9_]{1,60}")
TENANT_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DOMAIN_PATTERN = re.compile(r"(?=.{1,100}$)([a-z0-9-]+\.)+[a-z]{2,}")
SCOPES = "openid email profile"
TIMEOUT_SECONDS = 10
DISCOVERY_SECONDS = 60 * 60


class SignInFailed(Exception):
    """The provider's answer could not be used; the message is for the person signing in."""


@dataclass(frozen=True)
class Provider:
    school: School
    kind: str
    issuer: str
    client_id: str
    client_secret: str
    tenant: str
    from_environment: bool

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else str(Kind.OTHER.label)


# --- which issuer -------------------------------------------------------------------------------


def issuer_for(kind: str, tenant: str, issuer: str) -> str:
    """The issuer of a preset, or the given one if the installation allows it; ValidationError else."""
    if kind == Kind.ENTRA:
        if not TENANT_PATTERN.fullmatch(tenant):
            raise ValidationError(
                _("Enter the directory (tenant) ID of your Microsoft 365 school: 36 characters with dashes.")
            )
        return ENTRA_ISSUER.format(tenant=tenant.lower())
    if kind == Kind.GOOGLE:
        if tenant and not DOMAIN_PATTERN.fullmatch(tenant):
            raise ValidationError(_("Enter your school's Google Workspace domain, such as school.nl."))
        return GOOGLE_ISSUER
    if kind == Kind.SURFCONEXT:
        return SURFCONEXT_ISSUER
    if issuer.rstrip("/") not in allowed_issuers():
        raise ValidationError(
            _("This issuer is not allowed here. The installation's administrator can allow it.")
        )
    return issuer.rstrip("/")


def allowed_issuers() -> set[str]:
    return {issuer.rstrip("/") for issuer in settings.OIDC_ALLOWED_ISSUERS}


# --- the client secret --------------------------------------------------------------------------


def _fernet() -> Any:
    from cryptography.fernet import Fernet

    key = hmac.new(settings.SECRET_KEY.encode(), b"onderstroom oidc client secrets", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_secret(secret: str) -> str:
    return str(_fernet().encrypt(secret.encode()).decode())


def open_secret(row: SchoolSignIn) -> str:
    """The client secret: from the named environment variable, or decrypted (empty if unreadable)."""
    if row.secret_env:
        return os.environ.get(row.secret_env, "") if SECRET_ENV_PATTERN.fullmatch(row.secret_env) else ""
    if not row.secret_box:
        return ""
    from cryptography.fernet import InvalidToken

    try:
        return str(_fernet().decrypt(row.secret_box.encode()).decode())
    except InvalidToken:  # the secret key changed: the admin enters the client secret again
        return ""


# --- the provider of a school -------------------------------------------------------------------


def provider_for(school: School) -> Provider | None:
    """The school's provider: the environment's first, else the admin's (when switched on)."""
    if config := settings.OIDC_SCHOOLS.get(school.brin.upper()):
        kind = config.get("kind") or Kind.OTHER
        issuer = config.get("issuer", "").rstrip("/")
        if kind in {Kind.ENTRA, Kind.GOOGLE, Kind.SURFCONEXT} and not issuer:
            issuer = issuer_for(kind, config.get("tenant", ""), "")
        if issuer and config.get("client_id"):
            return Provider(
                school=school,
                kind=kind,
                issuer=issuer,
                client_id=config["client_id"],
                client_secret=config.get("client_secret", ""),
                tenant=config.get("tenant", ""),
                from_environment=True,
            )
    with school_scope(school):
        row = SchoolSignIn.objects.filter(enabled=True).first()
    if row is None or (row.kind == Kind.OTHER and row.issuer.rstrip("/") not in allowed_issuers()):
        return None
    return Provider(
        school=school,
        kind=row.kind,
        issuer=row.issuer.rstrip("/"),
        client_id=row.client_id,
        client_secret=open_secret(row),
        tenant=row.tenant,
        from_environment=False,
    )


def schools_with_providers() -> list[School]:
    """The schools whose staff may sign in with their school account, for the sign-in page."""
    brins = {brin.upper() for brin in settings.OIDC_SCHOOLS}
    rows = SchoolSignIn.across_schools.filter(enabled=True).exclude(
        Q(kind=Kind.OTHER) & ~Q(issuer__in=allowed_issuers())
    )
    school_ids = set(rows.values_list("school_id", flat=True))
    schools = School.objects.filter(pk__in=school_ids) | School.objects.filter(brin__in=brins)
    return list(schools.distinct().order_by("name"))


# --- the flow -----------------------------------------------------------------------------------

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata (`/.well-known/openid-configuration`), kept an hour per process."""
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    import requests

    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInFailed(_("Your school's sign-in service cannot be reached. Try again later.")) from error
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if (
        not isinstance(document, dict)
        or document.get("issuer", "").rstrip("/") != issuer
        or not all(isinstance(document.get(key), str) for key in needed)
    ):
        raise SignInFailed(_("Your school's sign-in service answered in a way Onderstroom cannot use."))
    _discovered[issuer] = (time.monotonic(), document)
    return document


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    nonce: str
    verifier: str


def start(provider: Provider, redirect_uri: str) -> Started:
    """Where to send the browser: the provider's sign-in page, with a fresh state, nonce and PKCE."""
    document = discover(provider.issuer)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "prompt": "select_account",
    }
    if provider.kind == Kind.GOOGLE and provider.tenant:
        params["hd"] = provider.tenant
    endpoint = document["authorization_endpoint"]
    separator = "&" if "?" in endpoint else "?"
    return Started(f"{endpoint}{separator}{urlencode(params)}", state, nonce, verifier)


def finish(provider: Provider, code: str, redirect_uri: str, nonce: str, verifier: str) -> dict[str, Any]:
    """Exchange the code and return the checked claims (ID token and userinfo)."""
    import requests
    from django.core.exceptions import SuspiciousOperation
    from jwt import InvalidTokenError

    document = discover(provider.issuer)
    backend = _backend(provider, document)
    unusable = SignInFailed(_("Your school's sign-in service answered in a way Onderstroom cannot use."))
    try:
        token = backend.get_token(
            {
                "client_id": provider.client_id,
                "client_secret": provider.client_secret,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            }
        )
        id_token, access_token = token.get("id_token"), token.get("access_token")
        if not isinstance(id_token, str):
            raise unusable
        claims = backend.verify_token(id_token, nonce=nonce)
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(claims.get("iss", "")).rstrip("/") != provider.issuer or provider.client_id not in audiences:
            raise unusable
        if provider.kind == Kind.GOOGLE and provider.tenant and claims.get("hd") != provider.tenant:
            raise SignInFailed(_("Sign in with your school's Google account, not a personal one."))
        if access_token and document.get("userinfo_endpoint"):
            info = backend.get_userinfo(access_token, id_token, claims)
            if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
                raise unusable
            claims = {**claims, **info}
    except (requests.RequestException, SuspiciousOperation, InvalidTokenError, ValueError, KeyError) as error:
        raise unusable from error
    return dict(claims)


def _backend(provider: Provider, document: dict[str, Any]) -> Any:
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend
    from mozilla_django_oidc.utils import import_from_settings

    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithm = "RS256" if "RS256" in algorithms else next(a for a in algorithms if a[:2] in {"RS", "ES"})
    values: dict[str, object] = {
        "OIDC_OP_TOKEN_ENDPOINT": document["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": document.get("userinfo_endpoint", ""),
        "OIDC_OP_JWKS_ENDPOINT": document["jwks_uri"],
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_USE_NONCE": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_CREATE_USER": False,
    }

    class SchoolBackend(OIDCAuthenticationBackend):
        def get_settings(self, attr: str, *args: object) -> object:
            return values[attr] if attr in values else import_from_settings(attr, *args)

    return SchoolBackend()


def verified_email(provider: Provider, claims: dict[str, Any]) -> str | None:
    """The e-mail address the provider vouches for, in lower case; None if it does not vouch.

    `email_verified` must be true (Google, SURFconext). Entra ID does not send it; there the optional
    claim `xms_edov` (the address's domain is verified by the tenant) counts instead.
    """
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        return None
    verified = claims.get("email_verified")
    if provider.kind == Kind.ENTRA and "email_verified" not in claims:
        verified = claims.get("xms_edov")
    if verified is True or (isinstance(verified, str) and verified.lower() == "true"):
        return email.strip().lower()
    return None
