"""Checking messages: against the official XSDs (structure) and against the standard's rules (findings)."""
