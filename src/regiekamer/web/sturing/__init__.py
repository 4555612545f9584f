"""Ambities in the web app (issue 6): recorded per gemeente or regio, edited in forms or as YAML, with their
progress measured by :mod:`regiekamer.sturing`."""
