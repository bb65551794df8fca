"""Helpers for the Playwright tests: guarded pages, sign-in, accessibility checks."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Request

from onderstroom.accounts.models import User
from onderstroom.childsessions.models import ClassSession
from onderstroom.schools.models import Child
from onderstroom.testing.world import PASSWORD

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@dataclass
class PageGuard:
    """Records what a page must never do: ask another host for anything, or break the CSP."""

    own_host: str
    foreign_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.own_host:
            self.foreign_requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def attach(self, page: Page) -> None:
        page.on("request", self.on_request)
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], f"requests to other hosts: {self.foreign_requests}"
        assert self.csp_violations == [], f"Content-Security-Policy violations: {self.csp_violations}"
        assert self.page_errors == [], f"JavaScript errors: {self.page_errors}"


def sign_in(page: Page, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real form; the page's context must have the live server as base URL."""
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").or_(page.get_by_label("Email address")).fill(user.email)
    page.get_by_label("Wachtwoord", exact=True).or_(page.get_by_label("Password", exact=True)).fill(password)
    page.get_by_role("button", name="Inloggen").or_(page.get_by_role("button", name="Sign in")).click()
    page.wait_for_load_state()


SERIOUS = {"serious", "critical"}


def assert_accessible(page: Page, also: tuple[str, ...] = ()) -> None:
    """axe-core finds no serious or critical violation on the page as it is now, nor one of the
    rules named in `also` whatever axe rates it (such as "page-has-heading-one", a moderate one)."""
    results = Axe().run(page)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation.get("impact") in SERIOUS or violation["id"] in also
    ]
    assert problems == [], f"accessibility problems on {page.url}:\n" + "\n".join(problems)


def attach_child_session(page: Page, base_url: str, class_session: ClassSession, child: Child) -> None:
    """Sign a child in to a class session in this page's browser context, without the sign-in screens.

    For tests of what children do after signing in (pass live_server.url as base_url);
    the sign-in screens have their own tests.
    """
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from onderstroom.childsessions.models import ChildSignIn
    from onderstroom.childsessions.signin import CHILD_KEY

    ChildSignIn.objects.update_or_create(
        school=class_session.school,
        class_session=class_session,
        child=child,
        defaults={"signed_in_at": timezone.now()},
    )
    store = SessionStore()
    store[CHILD_KEY] = {"session": str(class_session.uuid), "child": str(child.uuid)}
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key or "", "url": base_url}]
    )
