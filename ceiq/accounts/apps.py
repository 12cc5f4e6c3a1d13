from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ceiq.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from ceiq.core import demo as core_demo

        from . import demo

        core_demo.register(10, demo.seed)
