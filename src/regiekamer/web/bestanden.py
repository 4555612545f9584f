"""Files in and out of the web app, the same way on every page: uploads (YAML, CSV) read as text — at most 1 MB,
strict UTF-8, a Dutch error that names the file, never a file silently cut off or altered — and YAML downloads."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse

MAX_UPLOAD = 1_000_000
"""Bytes; ambitions, contracts, inventories and region settings are a few kB."""


class UploadFout(ValueError):
    """An upload that cannot be read as text: says what is wrong with which file."""


def lees_upload(bestand: UploadedFile, max_bytes: int = MAX_UPLOAD) -> str:
    naam = bestand.name or "bestand"
    if bestand.size is None or bestand.size > max_bytes:
        raise UploadFout(f"{naam}: groter dan {max_bytes // 1000} kB")
    try:
        return bestand.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UploadFout(f"{naam}: geen UTF-8-tekst (byte {exc.start})") from None


def yaml_download(tekst: str, bestandsnaam: str) -> HttpResponse:
    """``tekst`` as a YAML file to save (what the matching upload reads back)."""
    resp = HttpResponse(tekst, content_type="application/yaml; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return resp
