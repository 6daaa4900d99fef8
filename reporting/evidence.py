"""Attaching evidence (minh chứng) to a report or a figure: the one write path for the API and the admin.

A file must be a PDF, an image (PNG, JPEG) or an office document (Word, Excel, PowerPoint, OpenDocument): its
extension and its first bytes must agree (the content is sniffed; the name alone proves nothing). It must not be
larger than DTRACK_EVIDENCE_MAX_BYTES (default 10 MB). Its name must be a plain file name: a name with a path in
it ("../x.pdf", "C:\\x.pdf") is refused, not trimmed; the stored name is the original reduced to safe characters.
Files are kept through Django's storage API (local, under var/media, by default)."""

import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts import policy
from indicators.models import Measurement, ProgressReport
from reporting.models import Evidence

__all__ = ["KINDS", "attach", "check_file"]

ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (content type, the signatures its content may start with)
KINDS = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    "doc": ("application/msword", (OLE,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
}


def max_bytes() -> int:
    return settings.DTRACK_EVIDENCE_MAX_BYTES


def check_file(upload) -> tuple[str, str]:
    """(safe name, content type) of an uploaded file; ValidationError on `file` otherwise."""
    name = upload.name or ""
    if "/" in name or "\\" in name or ".." in name or "\x00" in name or name.startswith("."):
        raise ValidationError({"file": ValidationError(_("Give a plain file name, without a path."), code="path_name")})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Accepted files: %(kinds)s.") % {"kinds": ", ".join(sorted(KINDS))}, code="file_type"
                )
            }
        )
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(limit)d bytes.") % {"limit": max_bytes()}, code="file_size"
                )
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, signatures = KINDS[extension]
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The content is not a .%(extension)s file.") % {"extension": extension}, code="file_type"
                )
            }
        )
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or f"file.{extension}"
    return get_valid_filename(folded)[-150:], content_type


@transaction.atomic
def attach(*, user, report: int, measurement: int | None = None, file=None, narrative: str = "") -> Evidence:
    """Attach a file and/or a narrative to report `report` (or its figure `measurement`) as `user` (who must be
    able to report for its province)."""
    found = ProgressReport.objects.filter(pk=report).first()
    if found is None:
        raise ValidationError({"report": ValidationError(_("No such progress report."), code="does_not_exist")})
    if not policy.can_report(user, found.province_id):
        raise PermissionDenied(_("Evidence of a report needs a reporter role in its province."))
    figure = None
    if measurement is not None:
        figure = Measurement.objects.filter(pk=measurement, report=found).first()
        if figure is None:
            raise ValidationError(
                {"measurement": ValidationError(_("No such figure in this report."), code="does_not_exist")}
            )
    if file is None and not narrative.strip():
        raise ValidationError({"file": ValidationError(_("Give a file or a narrative."), code="required")})
    row = Evidence(report=found, measurement=figure, narrative=narrative, uploaded_by=user)
    if file is not None:
        name, content_type = check_file(file)
        row.original_name, row.content_type, row.size = name, content_type, file.size
        row.file.save(name, file, save=False)
    row.save()
    return row
