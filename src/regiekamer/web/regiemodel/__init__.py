"""Regiemodel scan (issue 7): a gemeente's regie arrangements placed in the transition model, ambition vs practice."""
