"""Events other parts of dtrack may follow (webhooks): `emit(name, payload)` is called inside the transaction that
makes the change, so whatever a listener records commits or rolls back with it.

Emitted:
- "report.approved" and "report.reopened" ({"report": id, "province": key or None, "period": id or None,
  "state": new state}), by reporting/workflow.py, and "report.approved" by indicators/services/reports.py for a report
  entered approved (a published document copied in);
- "target.status_changed" ({"target": id, "plan": id, "province": key or None, "indicator": code, "level",
  "from": old status or None, "to": new status, "on": the day assessed}), by indicators/state.py whenever a stored
  assessment's status changes, many at once (`emit_many`).

A listener (webhooks/outbox.py, connected by the webhooks app) gets the name and a callable returning the payloads:
building them may cost a query, which it only spends when someone subscribes to the event.
"""

from collections.abc import Callable, Iterable, Mapping

__all__ = ["EVENTS", "connect", "emit", "emit_many"]

EVENTS = ("report.approved", "report.reopened", "target.status_changed")

Payloads = Callable[[], Iterable[Mapping]]
_listeners: list[Callable[[str, Payloads], None]] = []


def connect(listener: Callable[[str, Payloads], None]) -> None:
    """Call `listener(name, payloads)` for every event from now on (once per listener)."""
    if listener not in _listeners:
        _listeners.append(listener)


def emit(name: str, payload: Mapping) -> None:
    """Record event `name` with one payload."""
    emit_many(name, lambda: [payload])


def emit_many(name: str, payloads: Payloads | Iterable[Mapping]) -> None:
    """Record event `name` once per payload; `payloads` may be a callable, called only if someone listens."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}")
    source = payloads if callable(payloads) else (lambda: payloads)
    for listener in _listeners:
        listener(name, source)
