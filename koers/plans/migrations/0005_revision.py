"""Every edited object carries a revision, the token of its edit forms (koers.lib.concurrency)."""

from django.db import migrations

from koers.lib.concurrency import add_revision


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_one_plan_per_employee_and_start")]

    operations = [
        add_revision("plans", "activity"),
        add_revision("plans", "course"),
        add_revision("plans", "developmentplan"),
        add_revision("plans", "developmentpoint"),
    ]
