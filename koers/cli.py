"""The ``koers`` console command: Django's manage.py under Koers's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "koers"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
