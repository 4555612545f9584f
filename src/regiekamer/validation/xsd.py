"""Validation against the official iJw/iWmo 3.2 XSDs, found in a folder the user points at.

The folder is searched recursively; every ``*.xsd`` is read (safely: no network, no entities) and indexed by
its ``targetNamespace``, so one folder can hold both the iJw and the iWmo schemas. Schemas are compiled on
first use. A message whose namespace has no schema in the folder (e.g. the iWmo retour messages, which are
not published as XSD in the reference set) is reported as not validated, not as invalid.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from regiekamer.berichten import catalogus
from regiekamer.berichten.errors import SchemaInvalid
from regiekamer.berichten.parser import Element, make_xml_parser


class SchemaFolderError(Exception):
    """The XSD folder does not exist or holds no message schema."""


class SchemaSet:
    """The message schemas of one folder, by target namespace."""

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise SchemaFolderError(f"XSD-map {folder} bestaat niet")
        self.folder = folder
        self._files: dict[str, Path] = {}
        parser = make_xml_parser()
        for path in sorted(folder.rglob("*.xsd")):
            try:
                root = etree.parse(str(path), parser).getroot()
            except etree.XMLSyntaxError:
                continue  # not a readable schema; a message namespace without schema is reported later
            ns = root.get("targetNamespace")
            if ns and catalogus.bij_namespace(ns) is not None:
                self._files.setdefault(ns, path)
        if not self._files:
            raise SchemaFolderError(f"geen iJw/iWmo 3.2-berichtschema's gevonden in {folder}")
        self._compiled: dict[str, etree.XMLSchema] = {}

    @property
    def namespaces(self) -> frozenset[str]:
        return frozenset(self._files)

    def schema_for(self, namespace: str) -> etree.XMLSchema | None:
        if namespace in self._compiled:
            return self._compiled[namespace]
        path = self._files.get(namespace)
        if path is None:
            return None
        # Imports say schemaLocation="basisschema.xsd"; the file is resolved next to the message schema.
        doc = etree.parse(str(path), make_xml_parser())
        schema = etree.XMLSchema(doc)
        self._compiled[namespace] = schema
        return schema

    def validate(self, root: Element) -> bool:
        """Validate a parsed message. Returns False when no schema covers its namespace; raises
        :class:`SchemaInvalid` with the first error (element path, line, message) when invalid."""
        ns = etree.QName(root).namespace or ""
        schema = self.schema_for(ns)
        if schema is None:
            return False
        if schema.validate(root):
            return True
        err = schema.error_log[0]  # type: ignore[index]  # lxml-stubs lack __getitem__
        raise SchemaInvalid(f"XSD-fout op regel {err.line}: {err.message}", err.path or "")
