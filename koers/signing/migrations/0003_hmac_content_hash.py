"""The content hash becomes an HMAC-SHA256 keyed with KOERS_SIGNING_KEY.

Versions (and their signatures) that still verify under the old plain SHA-256 are re-hashed
with the key; a version that does not verify under the old hash is left as it is, so that the
check keeps reporting it. Runs before the trigger that seals versions (0005) exists.

The canonical JSON and both hashes are spelled out here, not imported: this migration hashes
as it did when it was written.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models


def _canonical(data):
    return json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def _sha256(data):
    return hashlib.sha256(_canonical(data)).hexdigest()


def _hmac(data):
    key = settings.KOERS_SIGNING_KEY.encode("utf-8")
    return hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()


def _rehash(apps, old, new):
    Version = apps.get_model("signing", "Version")
    Signature = apps.get_model("signing", "Signature")
    versions = Version.objects.filter(snapshot__isnull=False).exclude(content_hash="")
    for pk, snapshot, stored in list(versions.values_list("pk", "snapshot", "content_hash")):
        if not hmac.compare_digest(old(snapshot), stored):
            continue
        rehashed = new(snapshot)
        Signature.objects.filter(version_id=pk, signed_hash=stored).update(signed_hash=rehashed)
        Version.objects.filter(pk=pk).update(content_hash=rehashed)


def forwards(apps, schema_editor):
    _rehash(apps, _sha256, _hmac)


def backwards(apps, schema_editor):
    _rehash(apps, _hmac, _sha256)


class Migration(migrations.Migration):
    dependencies = [
        ("signing", "0002_paper_signature"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="version",
            name="content_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="HMAC-SHA256"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="signed_hash",
            field=models.CharField(max_length=64, verbose_name="getekende HMAC-SHA256"),
        ),
    ]
