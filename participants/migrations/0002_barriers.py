from django.db import migrations

from participants.reference_data import seed_barriers


def seed(apps, schema_editor):
    seed_barriers(apps.get_model("participants", "Barrier"))


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
