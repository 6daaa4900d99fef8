"""Reads: query functions the API, the admin and the exports call (writes are `indicators.services`).

- `targets.py`: the target list judged by the pure rules when the stored assessment does not hold for the date;
- `aggregates.py`: plan and province scorecards, a cross-province ranking, a target's series (docs/aggregates.md).
"""
