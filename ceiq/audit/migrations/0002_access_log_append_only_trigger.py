"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log, so not even raw SQL
from the application can change it (the model and queryset refuse too, on any database).

One change is let through: the foreign keys to the user and the enterprise may become NULL (their
ON DELETE SET NULL), with every other column unchanged (`user_email` still says who read). TRUNCATE
is not blocked: the test runner empties tables with it between transactional tests."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.user_id IS NULL OR NEW.user_id = OLD.user_id)
       AND (NEW.enterprise_id IS NULL OR NEW.enterprise_id = OLD.enterprise_id)
       AND (to_jsonb(NEW) - 'user_id' - 'enterprise_id') = (to_jsonb(OLD) - 'user_id' - 'enterprise_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_accesslog is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslog_no_update_delete ON audit_accesslog;
CREATE TRIGGER audit_accesslog_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accesslog_no_update_delete ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
