"""Where a test's name and phone could still be stored: every text-like column of every table."""

from django.db import connection

TEXT_TYPES = ("character varying", "text", "character", "jsonb", "json", "ARRAY")


def tables_holding(*needles: str) -> list[str]:
    """ "table.column" of every column (text, JSON or array, read as text) that contains any needle."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            for needle in needles:
                cursor.execute(
                    f'SELECT EXISTS (SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s)',  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found
