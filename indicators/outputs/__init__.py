"""What leaves dtrack for officials and other systems: the periodic report (XLSX) and the target list's export
columns. The generic CSV/XLSX machinery of every API list is `dtrack/api/exports.py`; docs/outputs.md describes
both."""
