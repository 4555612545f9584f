"""iJw 3.2 / iWmo 3.2 messages: the catalogue of types and the parser into typed records."""
