"""One htmx convention: the whole page for a plain request, only the template partial for htmx."""

from pathlib import Path
from typing import Any

from django.test import RequestFactory

from onderstroom.core.htmx import is_htmx, render_page

PAGE = "{% partialdef stage inline %}<div id='stage'>step {{ step }}</div>{% endpartialdef %}<p>end</p>"


def test_only_a_request_from_htmx_counts_as_htmx() -> None:
    """HX-Request marks htmx; a history restore after a cache miss asks for the whole page again."""
    factory = RequestFactory()
    assert is_htmx(factory.get("/", headers={"HX-Request": "true"}))
    assert not is_htmx(factory.get("/"))
    restore = factory.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert not is_htmx(restore)


def test_render_page_gives_the_partial_to_htmx_and_the_page_to_everyone_else(
    tmp_path: Path, settings: Any
) -> None:
    """The same template serves both: the partial alone for htmx, the page (partial included) otherwise."""
    (tmp_path / "page.html").write_text(PAGE)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    factory = RequestFactory()
    whole = render_page(factory.get("/"), "page.html", {"step": 2}, partial="stage")
    htmx = factory.get("/", headers={"HX-Request": "true"})
    part = render_page(htmx, "page.html", {"step": 2}, partial="stage")
    assert whole.content.decode() == "<div id='stage'>step 2</div><p>end</p>"
    assert part.content.decode() == "<div id='stage'>step 2</div>"
