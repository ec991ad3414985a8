"""The child process of `seed_demo --scale large`: its DATABASE_URL names the scale database.

python -m scale.build [small|large] — migrates, imports the units, generates and COPYs everything in
one transaction, recounts the rollups, VACUUMs and ANALYZEs, and prints one SCALE_RESULT=<json> line.
"""

import io
import json
import sys
import time


def main(size_name: str | None) -> dict:
    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connection, transaction

    from .database import SUFFIX
    from .generate import generate
    from .sizes import chosen_sizes

    if not connection.settings_dict["NAME"].endswith(SUFFIX):  # never the demo or test data
        raise SystemExit(f"scale.build writes only into a *{SUFFIX} database")
    timings, started = {}, time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("import_units", verbosity=0)
    timings["migrate_and_units_s"] = time.perf_counter() - started
    with transaction.atomic():
        rows = generate(chosen_sizes(size_name), timings)
    with connection.cursor() as cursor:  # fresh tables have no statistics: plans would assume a few rows
        cursor.execute("ANALYZE")
    # The rollups the dashboard reads are recounted from the loaded rows, as after any bulk change.
    if "rebuild_rollups" in get_commands():
        call_command("rebuild_rollups", verbosity=0, stdout=io.StringIO())
    # VACUUM as well: freshly loaded tables have no visibility map, so every index-only scan of the
    # dashboard would still visit the heap until autovacuum came by, as it does on a database in use.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["analyze_and_rollups_s"] = time.perf_counter() - started - sum(timings.values())
    timings["total_s"] = time.perf_counter() - started
    return {"rows": rows, "timings": {k: round(v, 1) for k, v in timings.items()}}


if __name__ == "__main__":
    result = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print("SCALE_RESULT=" + json.dumps(result), flush=True)
