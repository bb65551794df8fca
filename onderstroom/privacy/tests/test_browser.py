"""The privacy screens in a real browser, Dutch and English: request, consent, download, erase, retention."""

import pytest
from django.urls import get_resolver
from playwright.sync_api import expect

from onderstroom.privacy.models import AccessRequest, ErasureRequest
from onderstroom.testing.browser import assert_accessible, sign_in
from onderstroom.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/privreg"


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    get_resolver().url_patterns  # noqa: B018


@pytest.mark.parametrize("language", ["nl", "en"])
def test_access_request_and_erasure(open_page, world: World, language: str) -> None:  # type: ignore[no-untyped-def]
    words = {
        "nl": ("Nieuw inzageverzoek", "Vraag de intern begeleider", "Vrijgeven", "Mijn besluit doorgeven"),
        "en": ("New request to see the data", "Ask the care coordinator", "Release", "Pass on my decision"),
    }[language]
    download = {"nl": "Pdf downloaden", "en": "Download the PDF"}[language]
    new_request, ask, release, decide = words
    child = world.child
    admin = open_page(locale=language)
    sign_in(admin, world.admin)
    admin.goto("/school/privacy/")
    assert_accessible(admin)
    admin.get_by_role("link", name=new_request).click()
    admin.locator("#id_child").select_option(str(child.uuid))
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-access-new.png", full_page=True)
    admin.get_by_role("button", name=ask).click()
    request = AccessRequest.objects.get()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(child.first_name)
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-access-waiting.png", full_page=True)

    care = open_page(locale=language)
    sign_in(care, world.care)
    care.goto("/")
    care.screenshot(path=f"{SHOTS}/{language}-care-home.png", full_page=True)
    care.goto(f"/school/privacy/consents/{request.uuid}/")
    assert_accessible(care)
    care.get_by_label(release, exact=True).check()
    care.screenshot(path=f"{SHOTS}/{language}-consent.png", full_page=True)
    care.get_by_role("button", name=decide).click()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.READY

    admin.goto(f"/school/privacy/access/{request.uuid}/")
    expect(admin.get_by_role("link", name=download)).to_be_visible()
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-access-ready.png", full_page=True)

    admin.goto("/school/privacy/erasure/new/")
    admin.locator("#id_child").select_option(str(world.other_child.uuid))
    admin.locator("#id_reason").select_option("parent")
    assert_accessible(admin)
    admin.locator("form.stacked button[type=submit]").click()
    erasure = ErasureRequest.objects.get()
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-erasure-confirm.png", full_page=True)
    admin.locator("#id_confirm").check()
    admin.locator("form.stacked button[type=submit]").click()
    erasure.refresh_from_db()
    assert erasure.is_done
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-erasure-done.png", full_page=True)

    admin.goto("/school/privacy/retention/")
    assert_accessible(admin)
    admin.screenshot(path=f"{SHOTS}/{language}-retention.png", full_page=True)
    admin.goto("/school/privacy/")
    admin.screenshot(path=f"{SHOTS}/{language}-index.png", full_page=True)
