import os

from django.core.management.base import BaseCommand

from koers.lib.registry import app_modules
from koers.organisations.demo import DEMO_LOGINS, build_demo


class Command(BaseCommand):
    help = "Create the demo organisations and logins (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("DEMO_PASSWORD") or "koers-demo"
        organisation = build_demo(password=password)
        for module in app_modules("demo"):
            if hasattr(module, "extend_demo"):
                module.extend_demo(organisation)
        shown = "$DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {organisation.name}"))
        self.stdout.write(f"Logins (password: {shown}): {', '.join(DEMO_LOGINS)}")
        self.stdout.write("  admin       org admin of Demo Werkbedrijf, and superuser (/admin/)")
        self.stdout.write("  hr          HR of Demo Werkbedrijf")
        self.stdout.write("  manager     leads team Assemblage (12 people)")
        self.stdout.write("  medewerker  employee in Assemblage")
        self.stdout.write("  collega     employee in another team (Verpakken)")
        self.stdout.write("  hr2         HR of Tweede Organisatie")
