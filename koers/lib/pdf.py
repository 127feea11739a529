"""PDF rendering with WeasyPrint, shared by letters, reports, plans and cards.

WeasyPrint costs about a second to import, so it is imported when the first PDF is made,
not when Koers starts.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _static_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves /static/ files from disk and data: URLs, and
    fetches nothing else: a PDF never makes a network request (no SSRF through content)."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            marker = "/static/"
            if marker in url:
                path = finders.find(url.split(marker, 1)[1].split("?", 1)[0])
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": content_type})
            raise ValueError(f"Koers PDFs only use Koers's own static files, not {url}")

    return StaticFilesFetcher()


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """Render a Django template to PDF bytes. Page size and margins come from the template's
    own ``@page`` CSS."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else "http://localhost/"
    return HTML(string=html, base_url=base_url, url_fetcher=_static_fetcher()).write_pdf()


DEFAULT_BASE_URL = "http://localhost/"
# One WeasyPrint font configuration per process, made once: fonts are looked up and loaded
# once, not once per document.
_fonts: Any = None


def _html_to_pdf(html: str, base_url: str = DEFAULT_BASE_URL) -> bytes:
    global _fonts
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _fonts is None:
        _fonts = FontConfiguration()
    document = HTML(string=html, base_url=base_url, url_fetcher=_static_fetcher())
    return document.write_pdf(font_config=_fonts)


def render_many(
    htmls: Iterable[str], *, base_url: str = DEFAULT_BASE_URL, workers: int | None = None
) -> Iterator[bytes]:
    """The PDF of each HTML, in order. WeasyPrint runs in ``workers`` processes (default: one
    per core): it is CPU-bound and single-threaded, so 1,000 POPs take the cores' time, not
    one core's (issue 18). ``htmls`` is consumed as the workers go (a few documents ahead),
    so rendering the HTML from the database here overlaps with their work.

    The workers are forked from this process and get only HTML: they never use the database
    connection they inherit, and a forked worker ends with ``os._exit``, so it never closes
    that connection under this process either (which may be inside a transaction)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for html in htmls:
            yield _html_to_pdf(html, base_url)
        return
    context = multiprocessing.get_context("fork")
    ahead: deque[Future[bytes]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for html in htmls:
            ahead.append(pool.submit(_html_to_pdf, html, base_url))
            if len(ahead) >= 4 * workers:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
