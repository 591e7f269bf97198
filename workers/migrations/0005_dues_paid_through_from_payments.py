"""A hand-set "dues paid through" date becomes a payment, so the date follows from payments."""

from django.db import migrations


def carry_over(apps, schema_editor):
    Worker = apps.get_model("workers", "Worker")
    DuesPayment = apps.get_model("workers", "DuesPayment")
    payments = [
        DuesPayment(
            center_id=worker.center_id,
            worker_id=worker.pk,
            amount=0,
            period_from=worker.dues_paid_through,
            period_to=worker.dues_paid_through,
            method="other",
            note="Carried over from the hand-set paid-through date",
            paid_on=worker.dues_paid_through,
        )
        for worker in Worker.objects.filter(dues_paid_through__isnull=False).exclude(
            dues_payments__isnull=False
        )
    ]
    DuesPayment.objects.bulk_create(payments, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("workers", "0004_dues_payments_and_photos")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
