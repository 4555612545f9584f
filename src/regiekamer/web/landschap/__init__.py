"""Region and care landscape (issue 8): who delivers what for whom, dependency both ways, continuity risk."""
