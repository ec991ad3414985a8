"""The database itself refuses to change an issued certificate or delete one, so neither a data
migration, a bulk update nor a script can re-issue it with a new date. Revocation fields and the
verification counter stay writable."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION training_certificate_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'an issued certificate cannot be deleted (code %)', OLD.code;
    END IF;
    IF NEW.code IS DISTINCT FROM OLD.code
       OR NEW.learner_id IS DISTINCT FROM OLD.learner_id
       OR NEW.course_id IS DISTINCT FROM OLD.course_id
       OR NEW.learner_name IS DISTINCT FROM OLD.learner_name
       OR NEW.course_title IS DISTINCT FROM OLD.course_title
       OR NEW.issuer IS DISTINCT FROM OLD.issuer
       OR NEW.issued_on IS DISTINCT FROM OLD.issued_on
       OR NEW.issued_at IS DISTINCT FROM OLD.issued_at THEN
        RAISE EXCEPTION 'an issued certificate cannot be changed (code %)', OLD.code;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER training_certificate_immutable
    BEFORE UPDATE OR DELETE ON training_certificate
    FOR EACH ROW EXECUTE FUNCTION training_certificate_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS training_certificate_immutable ON training_certificate;
DROP FUNCTION IF EXISTS training_certificate_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
