"""The pages: Overzicht, Cliëntpaden, Wachten, Kosten, Aanbieders, Gemeenten, and the definitions."""
