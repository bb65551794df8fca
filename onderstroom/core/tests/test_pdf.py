"""The one PDF helper: a document reads only what it is given."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from onderstroom.core.middleware import PrivateByDefaultMiddleware
from onderstroom.core.pdf import pdf_response, url_fetcher

ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_urlconf_loads_neither_weasyprint_nor_openpyxl() -> None:
    """WeasyPrint and openpyxl take seconds to import; only the views that make a PDF or XLSX load them."""
    check = (
        "import django; django.setup(); import onderstroom.urls; import sys; "
        "loaded = [m for m in ('weasyprint', 'openpyxl') if m in sys.modules]; "
        "assert not loaded, loaded"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onderstroom.settings"}
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_the_fetcher_decodes_inline_pictures_and_refuses_every_other_url() -> None:
    """data: URLs are read in memory; http, file and ftp URLs are refused when nothing resolves them."""
    fetcher = url_fetcher(None)
    assert fetcher.fetch("data:text/plain;base64,aGFsbG8=").read() == b"hallo"
    for url in ("http://example.org/tracker.png", "file:///etc/passwd", "ftp://example.org/x"):
        with pytest.raises(ValueError, match=r"fetches nothing|disallowed protocol"):
            fetcher.fetch(url)


def test_the_fetcher_passes_only_http_urls_to_the_resolver() -> None:
    """A resolver is asked only about http(s) URLs, never about a file on the server's disk."""
    asked: list[str] = []

    def resolve(url: str) -> tuple[bytes, str]:
        asked.append(url)
        return b"GIF89a", "image/gif"

    fetcher = url_fetcher(resolve)
    assert fetcher.fetch("http://testserver/children/x/photo").read() == b"GIF89a"
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///children/x/photo")
    assert asked == ["http://testserver/children/x/photo"]


def test_a_pdf_response_is_shown_inline_under_a_safe_name_and_kept_by_no_cache() -> None:
    """The file name is slugified (with a fallback), and no browser cache keeps a page about children."""
    response = PrivateByDefaultMiddleware(lambda request: pdf_response(b"%PDF-1.7", "Relaties Groep 5/6"))(
        RequestFactory().get("/")
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="relaties-groep-56.pdf"'
    assert "no-store" in response["Cache-Control"]
    fallback = pdf_response(b"", "!!!", fallback="rapport")
    assert fallback["Content-Disposition"] == 'inline; filename="rapport.pdf"'
