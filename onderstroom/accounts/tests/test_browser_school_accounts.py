"""The school-account button on the sign-in page and the school admin's page, in a real browser."""

import pytest
from playwright.sync_api import expect

from onderstroom.accounts import oidc
from onderstroom.accounts.models import SchoolSignIn
from onderstroom.tenancy import school_scope
from onderstroom.testing.browser import PHONE, TABLET, assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sign_in_page_offers_the_school_account_beside_the_password(open_page, world: World) -> None:
    with school_scope(world.school):
        SchoolSignIn.objects.create(
            school=world.school,
            kind=SchoolSignIn.Kind.GOOGLE,
            tenant="regenboog.example.org",
            issuer=oidc.GOOGLE_ISSUER,
            client_id="regenboog",
            secret_box=oidc.seal_secret("secret"),
        )
    page = open_page(**PHONE)
    page.goto("/account/login/")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_visible()
    button = page.get_by_role("link", name="Schoolaccount van De Regenboog")
    expect(button).to_be_visible()
    assert "/account/school-sign-in/" in (button.get_attribute("href") or "")
    assert_accessible(page)


def test_the_school_admin_sets_up_the_school_accounts(open_page, world: World) -> None:
    page = open_page(**TABLET)
    sign_in(page, world.admin)
    page.get_by_role("link", name="Inloggen met schoolaccounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met schoolaccounts")
    assert_accessible(page)
    page.get_by_label("Microsoft Entra ID (Microsoft 365)").check()
    page.get_by_label("Tenant of domein").fill("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")
    page.get_by_label("Client-ID").fill("onderstroom-regenboog")
    page.get_by_label("Clientgeheim").fill("s3cret")
    page.get_by_label("Toon de knop op de inlogpagina").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    expect(page.get_by_text("Er is een clientgeheim bewaard.")).to_be_visible()
    with school_scope(world.school):
        assert SchoolSignIn.objects.get().client_id == "onderstroom-regenboog"
