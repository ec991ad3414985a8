"""The audit log is append-only in the database itself.

A trigger refuses every UPDATE and every DELETE, unless the row is older than the cut-off that
audit_purge(cutoff) puts in a transaction-local setting just before its own DELETE: the retention
purge (audit.services.purge_expired) is the only way rows go, and only old ones. (Anyone with SQL can
call audit_purge too; this guards against the application's mistakes and cascades, not against a
database superuser — for that, run the portal as a role that does not own the table.)
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.at < NULLIF(current_setting('audit.purge_before', true), '')::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

CREATE FUNCTION audit_purge(cutoff timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    purged bigint;
BEGIN
    PERFORM set_config('audit.purge_before', cutoff::text, true);
    DELETE FROM audit_auditentry WHERE at < cutoff;
    GET DIAGNOSTICS purged = ROW_COUNT;
    PERFORM set_config('audit.purge_before', '', true);
    RETURN purged;
END $$;
"""

BACKWARD = """
DROP TRIGGER audit_append_only ON audit_auditentry;
DROP FUNCTION audit_refuse_change();
DROP FUNCTION audit_purge(timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
