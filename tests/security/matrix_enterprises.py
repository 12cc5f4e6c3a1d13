from .matrix import FORM_OK, Route, allow

STAFF = ("network", "director", "coordinator", "counsellor", "supervisor")

ROUTES = [
    Route("enterprises:detail", args=lambda t: [t.enterprise.slug], get=allow(*STAFF, denied=404)),
    Route(
        "enterprises:edit",
        args=lambda t: [t.enterprise.slug],
        get=allow("network", denied=403) | {"employer": 404},
        post=allow("network", ok=FORM_OK) | {"employer": 404},
    ),
]
