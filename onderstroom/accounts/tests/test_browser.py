"""Sign-in, lockout, the second factor and the account page in a real browser."""

import re
import time

import pyotp
import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from onderstroom.accounts import services, totp
from onderstroom.testing.browser import PHONE, TABLET, assert_accessible, sign_in
from onderstroom.testing.world import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def alert(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("alert")


def test_staff_signs_in_and_lands_on_their_home_page(open_page, world: World) -> None:
    page = open_page(**TABLET)
    page.goto("/account/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)
    sign_in(page, world.teacher)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goed je te zien")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Je bent uitgelogd.")


def test_a_page_behind_sign_in_is_shown_after_signing_in(open_page, world: World) -> None:
    page = open_page()
    page.goto("/account/")
    expect(page.get_by_text("Log in om verder te gaan")).to_be_visible()
    # The form of this page, which carries ?next= (the sign_in helper opens a fresh form).
    page.get_by_label("E-mailadres").fill(world.teacher.email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")


def test_repeated_wrong_passwords_lock_the_account_in_the_browser(open_page, world: World) -> None:
    page = open_page(**PHONE)
    for _ in range(settings.LOGIN_LOCKOUT_PER_ACCOUNT - 1):
        sign_in(page, world.teacher, password="niet mijn wachtwoord")
        expect(alert(page)).to_have_text("Onjuist e-mailadres of wachtwoord.")
    sign_in(page, world.teacher, password="niet mijn wachtwoord")
    expect(alert(page)).to_contain_text("Te veel mislukte pogingen")
    assert_accessible(page)
    sign_in(page, world.teacher)  # the right password, refused while locked
    # The time alone, or with the date when the lock ends on another day (just before midnight).
    expect(alert(page)).to_contain_text(
        re.compile(r"Probeer het opnieuw na (\d{1,2} [a-z]+ \d{4} )?\d\d:\d\d\.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_setting_up_and_using_two_step_verification(open_page, world: World) -> None:
    page = open_page()
    sign_in(page, world.teacher)
    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    assert_accessible(page)

    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    expect(page.get_by_role("img", name="QR-code voor je authenticator-app")).to_be_visible()
    assert_accessible(page)
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Verificatiecode").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Aanzetten").click()
    expect(page.get_by_text("Die code klopt niet")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Verificatiecode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aanzetten").click()
    expect(page.get_by_role("status")).to_contain_text("Tweestapsverificatie staat aan")
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen", exact=True).click()
    sign_in(page, world.teacher)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul je verificatiecode in")
    assert_accessible(page)
    page.get_by_label("Verificatiecode").fill(pyotp.TOTP(secret).at(time.time() + totp.STEP_SECONDS))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goed je te zien")


def test_account_page_lists_attempts_and_signs_out_everywhere(open_page, world: World) -> None:
    page = open_page()
    sign_in(page, world.teacher, password="eerst verkeerd")
    sign_in(page, world.teacher)
    page.goto("/account/")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # header, success, wrong password
    expect(rows.nth(1)).to_contain_text("Ingelogd")
    expect(rows.nth(2)).to_contain_text("Onjuist e-mailadres of wachtwoord")
    page.get_by_role("button", name="Overal uitloggen").click()
    expect(page.get_by_role("status")).to_contain_text("Je bent op alle apparaten uitgelogd")
    assert_accessible(page)


def test_a_temporary_password_leads_to_choosing_an_own_one(open_page, world: World) -> None:
    temporary = services.issue_temporary_password(world.care)
    page = open_page()
    sign_in(page, world.care, password=temporary)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies je eigen wachtwoord")
    assert_accessible(page)
    page.get_by_label("Tijdelijk wachtwoord").fill(temporary)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("de fiets staat in de gang")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("de fiets staat in de gang")
    page.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goed je te zien")


def test_an_admin_reset_sends_a_link_and_the_colleague_is_told(open_page, world: World) -> None:
    """The admin's page shows no password; the link's page and the notice after sign-in read well."""
    page = open_page()
    sign_in(page, world.admin)
    page.goto(f"/school/staff/{world.teacher.uuid}/")
    page.get_by_role("button", name="Wachtwoord opnieuw instellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("is opnieuw ingesteld")
    expect(page.locator(".notice.good")).to_contain_text(world.teacher.email)
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    [message] = mail.outbox
    link = re.search(r"/account/new-password/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    expect(page.get_by_text(f"{world.admin.full_name}, schoolbeheerder")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("de kat ligt op de vensterbank")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("de kat ligt op de vensterbank")
    page.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je nieuwe wachtwoord is bewaard")
    sign_in(page, world.teacher, password="de kat ligt op de vensterbank")
    expect(page.get_by_role("status").first).to_contain_text(f"{world.admin.full_name}, schoolbeheerder")
    assert_accessible(page)
