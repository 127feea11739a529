"""WSGI entry point (gunicorn koers.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
application = get_wsgi_application()
