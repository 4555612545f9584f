"""Typed errors for messages that cannot be read as an iJw/iWmo 3.2 message (structural errors).

A structural error sends the message to quarantine; a rule finding does not (see
:class:`regiekamer.berichten.records.Bevinding`). Every error says *what* is wrong and *where* (the element
path) and never carries a BSN: texts that could quote message content are scrubbed by the caller with
:func:`regiekamer.privacy.scrub`.
"""

from __future__ import annotations


class BerichtFout(Exception):
    """Base class: a message that cannot be accepted. ``reden`` is a short stable code for summaries."""

    reden = "structuur"

    def __init__(self, detail: str, element: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.element = element

    def __reduce__(self) -> tuple[type[BerichtFout], tuple[str, str]]:
        # keep detail and element when the error crosses a process boundary (worker pool)
        return (type(self), (self.detail, self.element))

    def __str__(self) -> str:
        return f"{self.detail} (element {self.element})" if self.element else self.detail


class MalformedXml(BerichtFout):
    """Not well-formed XML."""

    reden = "xml-onleesbaar"


class HostileXml(BerichtFout):
    """A DOCTYPE, entity declaration or other construct no iStandaarden message has (XXE/entity expansion)."""

    reden = "xml-onveilig"


class TooLarge(BerichtFout):
    """Larger than the configured limit (default 25 MB, OP179)."""

    reden = "te-groot"


class UnknownMessageType(BerichtFout):
    """The root is not an iJw/iWmo 3.2 ``Bericht`` of a known type, or BerichtCode does not fit."""

    reden = "onbekend-berichttype"


class WrongNamespace(BerichtFout):
    """An element in a namespace that does not belong to the message's type."""

    reden = "verkeerde-namespace"


class UnsupportedVersion(BerichtFout):
    """BerichtVersie/BerichtSubversie is not 3.2."""

    reden = "onbekende-versie"


class MissingElement(BerichtFout):
    """A required element is absent or empty."""

    reden = "element-ontbreekt"


class InvalidValue(BerichtFout):
    """A value that is not of its type (a date like 2027-06-31, a non-numeric amount)."""

    reden = "ongeldige-waarde"


class SchemaInvalid(BerichtFout):
    """Not valid against the official XSD for its namespace."""

    reden = "xsd-ongeldig"


class ProtocolViolation(BerichtFout):
    """Same message identity as a stored message, different content (TR056, retourcode 9056)."""

    reden = "TR056-identificatie-niet-uniek"


class NestedTooDeep(BerichtFout):
    """A zip archive nested deeper than the ingest opens (a delivery zip holding single-message zips is
    read; deeper nesting is reported, never silently skipped)."""

    reden = "zip-te-diep-genest"
