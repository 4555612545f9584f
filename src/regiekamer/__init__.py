"""Regiekamer: a gemeente's own information position on Jeugdwet and Wmo, from iJw/iWmo 3.2 messages."""

__version__ = "0.1.0"
