"""Events other parts of dtrack may follow (webhooks): `emit(name, payload)` is called inside the transaction that
makes the change, so whatever it records commits or rolls back with it.

Emitted: "report.approved" and "report.reopened" ({"report": id, "province": key or None, "period": id or None,
"state": new state}). Nothing listens yet; this is the hook.
"""

from collections.abc import Mapping

__all__ = ["emit"]


def emit(name: str, payload: Mapping) -> None:
    """Record event `name`; a no-op until an outbox is connected."""
    return None
