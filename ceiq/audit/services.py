from .models import AccessLog


def access_log_record(*, actor, action: str, target, enterprise_id: int | None = None, request=None) -> AccessLog:
    """Record a read of sensitive data at the point where access is granted (same transaction)."""
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
    return AccessLog.objects.create(
        user=actor if getattr(actor, "is_authenticated", False) else None,
        user_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_label=str(target)[:200],
        enterprise_id=enterprise_id,
        ip_address=ip,
    )
