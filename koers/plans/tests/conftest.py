import pytest

from koers.testing_browser import (  # noqa: F401 (browser test fixtures)
    browser_context_args,
    demo_site,
    new_context,
)


@pytest.fixture
def pdf_text(tmp_path):
    """``pdf_text(response)``: the text of a PDF response, as pdftotext reads it: cell by
    cell, or with ``layout=True`` row by row."""
    import subprocess

    def read(response, layout: bool = False) -> str:
        assert response.status_code == 200, response.status_code
        path = tmp_path / "document.pdf"
        path.write_bytes(response.content)
        result = subprocess.run(
            ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    return read
