from .models import User


def demo_user(email: str, *, first_name: str, last_name: str, password: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def seed(*, password: str):
    demo_user("reseau@demo.ceiq.ca", first_name="Nadia", last_name="Tremblay", password=password, is_network_staff=True)
    return [("Network staff / Réseau", "reseau@demo.ceiq.ca")]
