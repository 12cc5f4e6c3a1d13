"""Panels this app adds to the role dashboards (see ceiq.core.dashboards)."""


def panels(request):
    return []
