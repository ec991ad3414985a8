"""The separate database the large data lives in: the default database's name + "_scale".

Made from scratch on every seeding (dropped if it exists), so a rerun gives the same data. Only a
name ending in SUFFIX is ever dropped.
"""

from urllib.parse import quote

import psycopg2
from django.db import connection

SUFFIX = "_scale"


def scale_settings() -> dict:
    """The default database's connection settings with the scale database's name."""
    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = settings_dict["NAME"] + SUFFIX
    return settings_dict


def url_of(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


def _on_server(settings_dict: dict, sql: str) -> None:
    """Run sql on the server's maintenance database: CREATE/DROP DATABASE need a connection to
    another database, outside any transaction."""
    server = psycopg2.connect(
        dbname="postgres",
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(sql)
    finally:
        server.close()


def recreate(settings_dict: dict) -> None:
    drop(settings_dict)
    _on_server(settings_dict, f'CREATE DATABASE "{settings_dict["NAME"]}"')


def drop(settings_dict: dict) -> None:
    name = settings_dict["NAME"]
    if not name.endswith(SUFFIX):
        raise ValueError(f"refusing to drop {name!r}: only a {SUFFIX} database is ever dropped")
    _on_server(settings_dict, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
