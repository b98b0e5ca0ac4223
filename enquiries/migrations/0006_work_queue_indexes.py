from django.conf import settings
from django.db import migrations, models

# The work queue's text search looks for the text anywhere in a subject, a requester's e-mail
# address or name, case-insensitively: ``UPPER(column) LIKE UPPER('%text%')``. A trigram index
# on the same expression answers that without reading every row; PostgreSQL only (pg_trgm),
# other databases search without it. The indexes on people's addresses and names belong here
# too: this search is what needs them.
TRIGRAM_INDEXES = [
    ("enq_subject_trgm", "enquiries.Enquiry", "subject"),
    ("user_email_trgm", settings.AUTH_USER_MODEL, "email"),
    ("user_display_name_trgm", settings.AUTH_USER_MODEL, "display_name"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for name, model, column in TRIGRAM_INDEXES:
        table = apps.get_model(model)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin (UPPER({quote(column)}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    # The extension stays: something else may use it by then.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _model, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0005_work_queue_covering_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="enquiry",
            name="enq_queue_status_due_cover",
        ),
        migrations.AddIndex(
            model_name="enquiry",
            index=models.Index(fields=["queue", "status", "kind"], name="enq_queue_status_kind"),
        ),
        migrations.AddIndex(
            model_name="enquiry",
            index=models.Index(
                fields=["queue", "status", "first_response_due", "created_at", "id"],
                include=("kind", "assignee", "requester", "first_response_at"),
                name="enq_queue_status_due_rows",
            ),
        ),
        migrations.RemoveIndex(
            model_name="enquiry",
            name="enq_assignee_status",
        ),
        migrations.AddIndex(
            model_name="enquiry",
            index=models.Index(
                fields=["assignee", "status"],
                include=("queue", "first_response_due", "created_at", "id"),
                name="enq_assignee_status_rows",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
