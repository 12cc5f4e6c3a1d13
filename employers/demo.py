from ceiq.accounts.demo import demo_user
from enterprises.models import Region, Sector

from .models import Employer, EmployerKind, EmployerMembership


def seed(*, password: str):
    employer, _created = Employer.objects.get_or_create(
        name="Meubles Laurentiens",
        defaults={
            "kind": EmployerKind.PRIVATE,
            "sector": Sector.objects.get(code="manufacturing"),
            "region": Region.objects.get(code="06"),
            "city": "Montréal",
            "size": "50-199",
            "contact_name": "Patrick Lavoie",
            "contact_email": "employeur@demo.ceiq.ca",
        },
    )
    user = demo_user("employeur@demo.ceiq.ca", first_name="Patrick", last_name="Lavoie", password=password)
    EmployerMembership.objects.get_or_create(
        user=user, employer=employer, defaults={"job_title": "Directeur de production"}
    )
    return [("Employer contact / Employeur", "employeur@demo.ceiq.ca")]
