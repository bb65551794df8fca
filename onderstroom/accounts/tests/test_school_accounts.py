"""Signing in with the school's own accounts, against a real OpenID Connect provider on a local port.

`oidc-provider-mock` runs in a thread of the test process and serves real discovery, an authorization
page, a token endpoint that checks our client secret and PKCE, signed ID tokens (RS256, its JWKS) and
userinfo. The test client starts the flow; the "browser" step at the provider (choosing the account)
is a real HTTP POST to it; its redirect comes back to our callback, which talks to the provider over
HTTP itself. Nothing of our own code is mocked.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread
from pytest_django.fixtures import Settings

from onderstroom.accounts import oidc
from onderstroom.accounts.models import SchoolSignIn
from onderstroom.audit.models import AuditEvent
from onderstroom.schools.models import School
from onderstroom.tenancy import all_schools, school_scope
from onderstroom.testing.world import Persona, World

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/account/school-sign-in/callback/"
LOGIN = reverse("accounts:login")


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str

    def user(self, sub: str, **claims: object) -> str:
        """Put a person into the provider's directory (the school's accounts)."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text
        return sub


@pytest.fixture(scope="module")
def running_provider() -> Iterator[Provider]:
    """One provider for the module; it accepts only the client registered here, with its secret."""
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        registered = requests.post(
            f"{issuer}/oauth2/clients",
            json={"redirect_uris": [CALLBACK], "token_endpoint_auth_method": "client_secret_post"},
            timeout=10,
        ).json()
        yield Provider(issuer, registered["client_id"], registered["client_secret"])


@pytest.fixture
def provider(running_provider: Provider, world: World, settings: Settings) -> Provider:
    """The provider, allowed by the installation and set up by the school admin for world.school."""
    settings.OIDC_ALLOWED_ISSUERS = [running_provider.issuer]
    oidc._discovered.clear()
    with school_scope(world.school):
        SchoolSignIn.objects.create(
            school=world.school,
            kind=SchoolSignIn.Kind.OTHER,
            issuer=running_provider.issuer,
            client_id=running_provider.client_id,
            secret_box=oidc.seal_secret(running_provider.client_secret),
        )
    return running_provider


def through_provider(client: Client, provider: Provider, school: School, sub: str) -> str:
    """Start at our button, choose `sub` at the provider; returns where the provider sends the browser."""
    start = client.get(reverse("accounts:oidc_start", kwargs={"school": school.uuid}))
    assert start.status_code == 302
    assert start.url.startswith(f"{provider.issuer}/oauth2/authorize?")
    query = parse_qs(urlsplit(start.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [CALLBACK]
    chosen = requests.post(start.url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert chosen.status_code == 302, chosen.text
    assert chosen.headers["Location"].startswith(CALLBACK)
    return chosen.headers["Location"]


def audit_rows(action: str) -> list[AuditEvent]:
    with all_schools():
        return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_member_of_staff_signs_in_through_the_school_provider(world: World, provider: Provider) -> None:
    sub = provider.user("anna-1", email=world.teacher.email.upper(), email_verified=True)
    client = Client()
    assert "School account of De Regenboog" in client.get(LOGIN, headers={"Accept-Language": "en"}).text
    response = client.get(through_provider(client, provider, world.school, sub))
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == str(world.teacher.pk)
    assert client.get(reverse("core:home")).status_code == 200
    [row] = audit_rows("accounts.school_account.sign_in")
    assert row.actor_user_id == world.teacher.pk
    assert row.school_id == world.school.pk
    assert row.details == {"provider": "other"}


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": "nobody@elders.example.org", "email_verified": True}, "unknown"),
        ({"email_verified": True}, "unverified"),  # no address at all
        ({"email": "TEACHER", "email_verified": False}, "unverified"),
        ({"email": "TEACHER"}, "unverified"),  # the provider does not say it checked the address
        ({"email": "TEACHER", "email_verified": "no"}, "unverified"),
        ({"email": "OUTSIDER", "email_verified": True}, "unknown"),  # staff of another school
        ({"email": "BOARD", "email_verified": True}, "unknown"),  # not a member of this school
    ],
)
def test_an_unknown_or_unverified_address_is_refused_with_a_message_and_an_audit_row(
    world: World, provider: Provider, claims: dict, reason: str
) -> None:
    emails = {
        "TEACHER": world.teacher.email,
        "OUTSIDER": world.outsider.email,
        "BOARD": world.board_admin.email,
    }
    if "email" in claims:
        claims = {**claims, "email": emails.get(claims["email"], claims["email"])}
    sub = provider.user(f"person-{reason}-{len(claims)}", **claims)
    client = Client()
    response = client.get(through_provider(client, provider, world.school, sub))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_user_id(client) is None
    page = client.get(LOGIN).text
    expected = {
        "unknown": "Je schoolaccount hoort bij geen medewerker van De Regenboog in Onderstroom",
        "unverified": "Je schoolaccount heeft je e-mailadres niet bevestigd",
    }[reason]
    assert expected in page
    assert 'name="password"' in page  # the password sign-in is still there
    [row] = audit_rows("accounts.school_account.refused")
    assert row.details == {"reason": reason, "provider": "other"}
    assert row.school_id == world.school.pk
    assert row.actor_user_id is None
    assert audit_rows("accounts.school_account.sign_in") == []


def test_the_refusal_is_said_in_english_too(world: World, provider: Provider) -> None:
    sub = provider.user("stranger-en", email="stranger@elders.example.org", email_verified=True)
    client = Client()
    client.cookies["onderstroom_language"] = "en"
    client.get(through_provider(client, provider, world.school, sub))
    page = client.get(LOGIN).text
    assert "Your school account is not linked to a member of staff of De Regenboog in Onderstroom" in page


def test_an_account_that_also_works_elsewhere_is_not_opened_by_one_school(
    world: World, provider: Provider
) -> None:
    """The school's accounts speak for this school only: roles at another school need the password."""
    from onderstroom.schools.models import Membership, Role

    with all_schools():
        Membership.objects.create(school=world.other_school, user=world.teacher, role=Role.TEACHER)
    sub = provider.user("anna-elsewhere", email=world.teacher.email, email_verified=True)
    client = Client()
    client.get(through_provider(client, provider, world.school, sub))
    assert signed_in_user_id(client) is None
    assert "werkt ook op een andere school" in client.get(LOGIN).text
    [row] = audit_rows("accounts.school_account.refused")
    assert row.details["reason"] == "elsewhere"


def test_a_callback_with_another_state_signs_nobody_in(world: World, provider: Provider) -> None:
    """Login CSRF: a code obtained elsewhere, pushed into this browser, is not accepted."""
    sub = provider.user("anna-state", email=world.teacher.email, email_verified=True)
    attacker, victim = Client(), Client()
    location = through_provider(attacker, provider, world.school, sub)
    victim.get(reverse("accounts:oidc_start", kwargs={"school": world.school.uuid}))
    assert victim.get(location).url == LOGIN
    assert signed_in_user_id(victim) is None
    # The callback without any flow started, and a replay after use, sign nobody in either.
    assert Client().get(location).url == LOGIN
    assert attacker.get(location).status_code == 302
    assert signed_in_user_id(attacker) == str(world.teacher.pk)
    replay = Client()
    assert replay.get(location).url == LOGIN
    assert signed_in_user_id(replay) is None


def test_a_wrong_client_secret_signs_nobody_in(world: World, provider: Provider) -> None:
    with school_scope(world.school):
        SchoolSignIn.objects.update(secret_box=oidc.seal_secret("not-the-secret"))
    sub = provider.user("anna-secret", email=world.teacher.email, email_verified=True)
    client = Client()
    response = client.get(through_provider(client, provider, world.school, sub))
    assert response.url == LOGIN
    assert signed_in_user_id(client) is None
    assert "antwoordde op een manier die Onderstroom niet kan gebruiken" in client.get(LOGIN).text


def test_an_issuer_the_installation_does_not_allow_is_not_used(
    world: World, provider: Provider, settings: Settings
) -> None:
    settings.OIDC_ALLOWED_ISSUERS = []
    assert "Schoolaccount van De Regenboog" not in Client().get(LOGIN).text
    start = Client().get(reverse("accounts:oidc_start", kwargs={"school": world.school.uuid}))
    assert start.status_code == 404


def test_the_provider_can_come_from_the_environment(
    world: World, running_provider: Provider, settings: Settings
) -> None:
    """ONDERSTROOM_OIDC_<BRIN>_*: the installation sets it up; the admin's page shows it read-only."""
    settings.OIDC_SCHOOLS = {
        world.school.brin.upper(): {
            "issuer": running_provider.issuer,
            "client_id": running_provider.client_id,
            "client_secret": running_provider.client_secret,
        }
    }
    oidc._discovered.clear()
    sub = running_provider.user("anna-env", email=world.teacher.email, email_verified=True)
    client = Client()
    client.get(through_provider(client, running_provider, world.school, sub))
    assert signed_in_user_id(client) == str(world.teacher.pk)
    admin = world.client_for(Persona.ADMIN)
    page = admin.get(reverse("accounts:school_sign_in")).text
    assert "niet hier worden gewijzigd" in page
    admin.post(reverse("accounts:school_sign_in"), {"kind": "google", "client_id": "x", "client_secret": "y"})
    with school_scope(world.school):
        assert not SchoolSignIn.objects.exists()


def test_without_a_provider_the_sign_in_page_offers_only_the_password(world: World) -> None:
    page = Client().get(LOGIN).text
    assert 'name="password"' in page
    assert "school-accounts" not in page
    start = reverse("accounts:oidc_start", kwargs={"school": world.school.uuid})
    assert Client().get(start).status_code == 404


# --- the school admin's page ----------------------------------------------------------------------

PAGE = reverse("accounts:school_sign_in")
ENTRA = {
    "kind": "entra",
    "tenant": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
    "client_id": "onderstroom-regenboog",
    "client_secret": "s3cret-value-from-entra",
    "enabled": "on",
}


def test_the_school_admin_sets_up_a_preset_with_the_secret_stored_encrypted(world: World) -> None:
    admin = world.client_for(Persona.ADMIN)
    page = admin.get(PAGE)
    assert page.status_code == 200
    assert CALLBACK in page.text
    assert admin.post(PAGE, ENTRA).status_code == 302
    with school_scope(world.school):
        row = SchoolSignIn.objects.get()
    assert row.issuer == "https://login.microsoftonline.com/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/v2.0"
    assert "s3cret" not in row.secret_box
    assert oidc.open_secret(row) == "s3cret-value-from-entra"
    assert "s3cret" not in admin.get(PAGE).text  # never shown again
    [audit] = audit_rows("accounts.school_sign_in.change")
    assert audit.actor_user_id == world.admin.pk
    assert "client_id" in audit.details["fields"]
    assert "s3cret" not in str(audit.details)
    from onderstroom.audit.labels import needs_attention

    assert needs_attention(audit.action, audit.details)
    # Saved again without a secret: the stored one stays.
    assert admin.post(PAGE, {**ENTRA, "client_secret": "", "client_id": "renamed"}).status_code == 302
    with school_scope(world.school):
        assert oidc.open_secret(SchoolSignIn.objects.get()) == "s3cret-value-from-entra"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tenant": "not-a-tenant"}, "tenant"),
        ({"kind": "other", "issuer": "https://idp.attacker.example"}, "issuer"),
        ({"kind": "google", "tenant": "not a domain"}, "tenant"),
        ({"client_secret": "", "secret_env": ""}, "client_secret"),
        ({"client_secret": "", "secret_env": "ONDERSTROOM_SECRET_KEY"}, "secret_env"),
        ({"client_id": ""}, "client_id"),
        ({"kind": "saml"}, "kind"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_changes(
    world: World, change: dict, field: str
) -> None:
    """An admin cannot point the school at an issuer of their own, or have the app's own secrets sent."""
    admin = world.client_for(Persona.ADMIN)
    response = admin.post(PAGE, {**ENTRA, **change})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'aria-invalid="true"' in response.text
    with school_scope(world.school):
        assert not SchoolSignIn.objects.exists()
    assert audit_rows("accounts.school_sign_in.change") == []


def test_a_secret_may_be_named_as_an_environment_variable(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONDERSTROOM_OIDC_SECRET_REGENBOOG", "from-the-environment")
    admin = world.client_for(Persona.ADMIN)
    data = {**ENTRA, "client_secret": "", "secret_env": "ONDERSTROOM_OIDC_SECRET_REGENBOOG"}
    assert admin.post(PAGE, data).status_code == 302
    with school_scope(world.school):
        row = SchoolSignIn.objects.get()
    assert row.secret_box == ""
    assert oidc.open_secret(row) == "from-the-environment"


@pytest.mark.parametrize("persona", [Persona.TEACHER, Persona.CARE, Persona.BOARD, Persona.CHILD])
def test_colleagues_and_children_find_no_settings_page(world: World, persona: Persona) -> None:
    client = world.client_for(persona)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, ENTRA).status_code == 404
    with all_schools():
        assert not SchoolSignIn.objects.exists()


def test_the_admin_of_another_school_sees_and_changes_only_their_own(world: World) -> None:
    world.client_for(Persona.ADMIN).post(PAGE, ENTRA)
    outsider = world.client_for(Persona.OUTSIDER)
    page = outsider.get(PAGE).text
    assert "onderstroom-regenboog" not in page
    assert "0a1b2c3d" not in page
    assert outsider.post(PAGE, {**ENTRA, "client_id": "buitenste"}).status_code == 302
    with all_schools():
        rows = {row.school_id: row.client_id for row in SchoolSignIn.objects.all()}
    assert rows == {world.school.pk: "onderstroom-regenboog", world.other_school.pk: "buitenste"}
