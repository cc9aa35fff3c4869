"""Public-evidence research: what a city's website shows about each criterion (pure, no I/O)."""
