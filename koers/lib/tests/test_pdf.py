import shutil
import subprocess

import pytest
from django.template import engines

from koers.lib import pdf


@pytest.fixture
def page_template(tmp_path, settings):
    template = tmp_path / "pdf_probe.html"
    template.write_text(
        "{% load static %}<html><head><style>@page { size: A4 }</style>"
        '<link rel="stylesheet" href="{% static "koers/print.css" %}"></head>'
        '<body><h1>Proef</h1><img src="{% static "koers/icon.svg" %}" alt="">'
        '<img src="http://192.0.2.1/tracker.png" alt=""></body></html>',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    engines._engines = {}
    yield "pdf_probe.html"
    engines._engines = {}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_render_pdf_uses_static_files_and_fetches_nothing_else(page_template, tmp_path):
    data = pdf.render_pdf(page_template, {})
    assert data.startswith(b"%PDF")
    out = tmp_path / "probe.pdf"
    out.write_bytes(data)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Proef" in text


def test_fetcher_refuses_other_hosts():
    fetcher = pdf._static_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://192.0.2.1/tracker.png")
    response = fetcher.fetch("http://localhost/static/koers/icon.svg")
    assert response.content_type == "image/svg+xml"
    assert b"<svg" in response.read()
