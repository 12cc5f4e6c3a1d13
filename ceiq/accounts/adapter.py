from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: every account comes from an invitation (see ceiq.accounts.services)."""

    def is_open_for_signup(self, request):
        return False
