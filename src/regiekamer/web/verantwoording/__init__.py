"""Horizontal accountability (issue 9): a public report per gemeente and per aanbieder, with the parties' own
narratives and disclosure control."""
