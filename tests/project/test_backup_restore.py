"""`make backup` then `make restore` into a fresh database gives back the same rows."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from scale.database import url_of
from tests.factories import CommuneOfficerFactory
from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]
TABLES = ["units_administrativeunit", "accounts_user", "products_producer", "products_product"]


def database_url(name: str) -> str:
    return url_of({**connection.settings_dict, "NAME": name})


def backup_command(name: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    command = [sys.executable, "-m", "scripts.backup", *args]
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)


def counts(name: str) -> dict[str, int]:
    s = connection.settings_dict
    conn = psycopg2.connect(dbname=name, host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"])
    try:
        with conn.cursor() as cursor:
            result = {}
            for table in TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names from the list above
                result[table] = cursor.fetchone()[0]
            return result
    finally:
        conn.close()


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_has_the_same_counts(tmp_path, unit, fresh_database):
    officer = CommuneOfficerFactory(unit=unit("13696"))
    for _ in range(3):
        ProductFactory(producer__commune=officer.unit)
    source = connection.settings_dict["NAME"]

    dumped = backup_command(source, "dump", "--dir", str(tmp_path))
    assert dumped.returncode == 0, dumped.stderr
    dump_file = Path(dumped.stdout.strip())
    assert dump_file.parent == tmp_path and dump_file.read_bytes()[:5] == b"PGDMP"  # custom format

    restored = backup_command(fresh_database, "restore", str(dump_file))
    assert restored.returncode == 0, restored.stderr
    assert counts(fresh_database) == counts(source)
    assert counts(fresh_database)["products_product"] == 3


def test_restoring_a_missing_file_says_so(tmp_path, fresh_database):
    result = backup_command(fresh_database, "restore", str(tmp_path / "nothing.dump"))
    assert result.returncode == 1
    assert "No backup file at" in result.stderr
