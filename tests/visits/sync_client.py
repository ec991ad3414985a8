"""Sending visits as the phone app does: one item, a batch, and several phones at the same instant."""

import datetime
import json
import threading
import uuid

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.api_auth import issue_token

SYNC_URL = reverse("visits_api:sync")


def item(household, /, **fields) -> dict:
    """One visit as the phone sends it."""
    return {
        "uuid": str(uuid.uuid4()),
        "household": household.id,
        "visited_at": (timezone.now() - datetime.timedelta(minutes=30)).isoformat(),
        "outcome": "met",
        "skills": ["payment"],
        "services": ["vneid_level2"],
        "people_helped": 2,
        "notes": "Hướng dẫn cài VNeID",
        "next_visit_on": None,
        **fields,
    }


def post(client, visits):
    return client.post(SYNC_URL, json.dumps({"visits": visits}), content_type="application/json")


def statuses(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["status"] for r in response.json()["results"]]


def send_at_once(volunteer, bodies: list[str]) -> list:
    """Each body from its own phone (thread, database connection) released together; the responses in order."""
    return send_each_at_once([(volunteer, body) for body in bodies])


def send_each_at_once(senders: list[tuple]) -> list:
    """(user, body) pairs, each from its own phone, released together; the responses in order."""
    tokens = [issue_token(user) for user, _body in senders]
    barrier = threading.Barrier(len(senders))
    responses: list = [None] * len(senders)

    def phone(n: int) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Token {tokens[n]}")
            barrier.wait()
            responses[n] = client.post(SYNC_URL, senders[n][1], content_type="application/json")
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(len(senders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses
