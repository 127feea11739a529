"""Every edited object carries a revision, the token of its edit forms (koers.lib.concurrency)."""

from django.db import migrations

from koers.lib.concurrency import add_revision


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_employeeimport")]

    operations = [
        add_revision("organisations", "employee"),
        add_revision("organisations", "organisation"),
        add_revision("organisations", "team"),
    ]
