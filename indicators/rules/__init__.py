"""The pure rules of dtrack: plain Python, no Django, no database, no clock (dates are parameters).

- `assessment`: gap, status and deadline status of a target from its figures (docs/assessment.md).
- `figures`: reading a Vietnamese figure such as "trên 99%" or "1.223/1.712" (docs/figures.md).
- `inputs`: what a target, its baseline and its milestones may hold, for the API, the admin and imports alike.
- `cycle`: the reporting cycle's periods, steps and compliance (docs/reporting.md).
- `cascade`: a target against its parent (looser) and other plans' targets (competing) (docs/assessment.md).
- `dti`: the DTI's methodology by year and the cohort of a figure (docs/data.md).

Everything else (models, services, selectors, API, admin) calls these; nothing here imports Django.
"""
