"""Demo seeding is a registry: each app registers its seeders in its AppConfig.ready() with an order,
and `seed_demo` runs them in ascending order, each one using what the earlier ones created. This
low layer names no app.

Orders in use: accounts 10, enterprises 20, employers 30, participants 40, employers (after the
participants) 50, reporting 60."""

from __future__ import annotations

from typing import Protocol

DemoAccount = tuple[str, str]  # (role label, email)


class Seeder(Protocol):
    def __call__(self, *, password: str) -> list[DemoAccount] | None: ...


_seeders: dict[Seeder, int] = {}


def register(order: int, seeder: Seeder) -> None:
    """Run `seeder(password=…)` at this place in the demo seeding (registering it again changes nothing)."""
    _seeders[seeder] = order


def registered_seeders() -> list[Seeder]:
    """The seeders in the order they run (by order, then by registration for equal orders)."""
    return sorted(_seeders, key=_seeders.__getitem__)


def seed_demo(*, password: str) -> list[DemoAccount]:
    """Every registered seeder in order; the demo accounts they return, in that order."""
    accounts: list[DemoAccount] = []
    for seeder in registered_seeders():
        accounts.extend(seeder(password=password) or [])
    return accounts
