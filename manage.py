#!/usr/bin/env python3
"""Django's manage.py; the same as the ``koers`` command."""

from koers.cli import main

if __name__ == "__main__":
    main()
