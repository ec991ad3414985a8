"""Provincial-scale data for benchmarks: `seed_demo --scale large` builds it into its own database.

Not an app (no models, no URLs): `seed` runs in the process of the command and makes the separate
database; `build` runs as a child process whose DATABASE_URL names that database, so nothing it does
can reach the demo or test data.
"""
