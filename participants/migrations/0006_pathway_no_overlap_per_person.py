"""No overlapping pathways for one person, refused by PostgreSQL itself (an exclusion constraint on
the participant and the pathway's days, with btree_gist). SQLite has no such constraint: there the
service's check (participants.services.pathways._check_no_overlap) is the rule."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "pathway_no_overlap_per_person"

ADD = f"""
ALTER TABLE participants_pathway ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist (
    participant_id WITH =,
    daterange(start_date, GREATEST(start_date, COALESCE(actual_end_date, planned_end_date)), '[]') WITH &&
)
"""
DROP = f"ALTER TABLE participants_pathway DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("participants", "0005_weekly_hours_at_most_40")]

    operations = [BtreeGistExtension(), migrations.RunPython(add_constraint, drop_constraint)]
