"""Every edited object carries a revision, the token of its edit forms (koers.lib.concurrency)."""

from django.db import migrations

from koers.lib.concurrency import add_revision


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_initial")]

    operations = [
        add_revision("cards", "carditem"),
    ]
