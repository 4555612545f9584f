"""Users, roles and their scope; the access log of client-level views."""
