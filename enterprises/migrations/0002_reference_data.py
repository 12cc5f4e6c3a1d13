from django.db import migrations

from enterprises.reference_data import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(
        apps.get_model("enterprises", "Region"),
        apps.get_model("enterprises", "Sector"),
        apps.get_model("enterprises", "Trade"),
    )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
