"""The REST API (Django REST framework) with its OpenAPI 3 specification (drf-spectacular)."""
