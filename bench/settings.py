"""Koers' shipped settings with the bare views beside its own pages (``bench.urls``)."""

from koers.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
