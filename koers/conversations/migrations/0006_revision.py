"""Every edited object carries a revision, the token of its edit forms (koers.lib.concurrency)."""

from django.db import migrations

from koers.lib.concurrency import add_revision


class Migration(migrations.Migration):
    dependencies = [("conversations", "0005_seed_default_templates")]

    operations = [
        add_revision("conversations", "answer"),
        add_revision("conversations", "conversationtype"),
        add_revision("conversations", "report"),
        add_revision("conversations", "talknotes"),
    ]
