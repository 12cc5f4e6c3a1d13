from tests.factories.accounts import InvitationFactory

from .matrix import FORM_OK, ROLES, Route, allow, public

ROUTES = [
    Route("dashboard", get=allow(*ROLES[1:])),
    Route("healthz", get=public()),
    Route("about", get=allow(*ROLES[1:])),
    Route("invitation_list", get=allow("network", "director"), post=allow("network", "director", ok=FORM_OK)),
    Route(
        "invitation_revoke",
        args=lambda t: [t.objects["invitation"].pk],
        get=None,
        post=allow("network", "director", ok=(302,), denied=404),
        foreign={"director": 404},
    ),
    Route(
        "invitation_resend",
        args=lambda t: [t.objects["invitation"].pk],
        get=None,
        # Directors see their enterprise's invitations (403: resending is network staff's);
        # the others do not see them at all (404).
        post={**allow("network", ok=(302,), denied=404), "director": 403},
        foreign={"director": 404},
    ),
    Route(
        "invitation_accept",
        args=lambda t: [t.objects["invitation"].token],
        get=public(ok=(200, 410)),
        foreign=public(ok=(200, 410)),
    ),
    Route("switch_context", get=None, post=allow(*ROLES[1:], ok=(302, 403), denied=403)),
    Route("access_log_list", get=allow("network", "director")),
]


def build(tenant):

    tenant.objects["invitation"] = InvitationFactory(enterprise=tenant.enterprise, role="coordinator")
