"""Data: address sort keys, vessel communes, every household's status from its visits, consent links.

The rules are copied here as they were when this migration was written (a migration must not change
when the code does): visits.models.STATUS_RULE_SQL and visits.models.natural_sort_key.
"""

import re
import unicodedata

from django.db import migrations

FIVE_SKILLS = ["public_services", "shopping", "payment", "safety", "local_platforms"]

RECOMPUTE_STATUSES = """
UPDATE visits_household h SET status = CASE
        WHEN agg.latest_outcome = 'do_not_contact' THEN 'do_not_contact'
        WHEN agg.latest_outcome = 'moved' THEN 'moved'
        WHEN agg.skills @> %(five_skills)s::varchar[] THEN 'reached'
        WHEN 'met' = ANY(agg.outcomes) THEN 'met'
        WHEN 'refused' = ANY(agg.outcomes) THEN 'refused'
        ELSE 'attempted' END
FROM (
    SELECT v.household_id,
        (array_agg(v.outcome ORDER BY v.visited_at DESC, v.id DESC))[1] AS latest_outcome,
        array_agg(v.outcome) AS outcomes,
        COALESCE(array_agg(DISTINCT s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS skills
    FROM visits_visit v
    LEFT JOIN LATERAL unnest(CASE WHEN v.outcome = 'met' THEN v.skills END) AS s(skill) ON true
    WHERE NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
    GROUP BY v.household_id
) AS agg
WHERE h.id = agg.household_id
"""

# Older duplicates of an active consent (same household and purpose) are closed when the newer was given.
CLOSE_DUPLICATE_CONSENTS = """
UPDATE visits_consent c SET withdrawn_at = newer.given_at
FROM visits_consent newer
WHERE c.withdrawn_at IS NULL AND newer.withdrawn_at IS NULL
  AND newer.household_id = c.household_id AND newer.purpose = c.purpose
  AND (newer.given_at, newer.id) > (c.given_at, c.id)
"""

LINK_CONSENTS = """
UPDATE visits_household h SET consent_id = c.id
FROM visits_consent c
WHERE c.household_id = h.id AND c.purpose = 'digital_skills_support' AND c.withdrawn_at IS NULL
"""

# Personal data without consent may not be kept: the household stays, with its address only.
DROP_UNCONSENTED_PERSONAL_DATA = """
UPDATE visits_household SET head_name = '', head_name_folded = '', phone = ''
WHERE consent_id IS NULL AND (head_name <> '' OR phone <> '')
"""


def _fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(stripped.split()).lower()


def _natural_sort_key(text: str) -> str:
    return re.sub(r"\d+", lambda match: match.group().lstrip("0").rjust(12, "0"), _fold(text))[:255]


def forwards(apps, schema_editor):
    Household = apps.get_model("visits", "Household")
    FishingVessel = apps.get_model("visits", "FishingVessel")
    batch = []
    for household in Household.objects.only("id", "address").iterator(chunk_size=2000):
        household.address_sort_key = _natural_sort_key(household.address)
        batch.append(household)
        if len(batch) == 2000:
            Household.objects.bulk_update(batch, ["address_sort_key"])
            batch = []
    Household.objects.bulk_update(batch, ["address_sort_key"])
    for vessel in FishingVessel.objects.select_related("owner").filter(commune__isnull=True):
        vessel.commune_id = vessel.owner.commune_id
        vessel.save(update_fields=["commune"])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("UPDATE visits_household SET status = 'not_visited'")
        cursor.execute(RECOMPUTE_STATUSES, {"five_skills": FIVE_SKILLS})
        cursor.execute(CLOSE_DUPLICATE_CONSENTS)
        cursor.execute(LINK_CONSENTS)
        cursor.execute(DROP_UNCONSENTED_PERSONAL_DATA)


def backwards(apps, schema_editor):
    """The old statuses: any visit was 'visited'; names dropped for lack of consent do not come back."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE visits_household SET status = 'visited' "
            "WHERE status IN ('attempted', 'met', 'refused', 'moved')"
        )


class Migration(migrations.Migration):
    dependencies = [("visits", "0002_household_status_consent_sort_key")]

    operations = [migrations.RunPython(forwards, backwards)]
