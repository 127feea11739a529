import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_pages_render_with_collected_static_files(client, tmp_path):
    """As `make demo` serves it: collectstatic, then every static file a page names exists."""
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert (tmp_path / "koers" / "htmx.min.js").exists()
    assert b"/static/koers/koers." in response.content
