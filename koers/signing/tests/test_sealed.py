"""Sealed means sealed: once someone signed (or asked for a correction), a version's snapshot
and hash do not change, not through the ORM, not through ``QuerySet.update()``, not through raw
SQL. Runs on SQLite and on PostgreSQL (``tools/with-postgres``)."""

import pytest
from django.db import IntegrityError, connection, transaction

from koers.organisations.models import Employee
from koers.signing import sealing, services
from koers.signing.models import Choice, Version, VersionFrozen, VersionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def kees(demo):
    return Employee.objects.get(organisation=demo, personnel_number="D-medewerker")


@pytest.fixture
def sanne(demo):
    return Employee.objects.get(organisation=demo, personnel_number="D-manager")


def _frozen(kees, sanne) -> Version:
    draft = services.editable_version(kees, kees, sanne)
    return services.freeze(draft, {"title": "Solderen", "cost": "320.00"})


@pytest.fixture
def signed(kees, sanne) -> Version:
    version = _frozen(kees, sanne)
    services.sign_as_employee(version, kees, Choice.AGREED)
    services.sign_as_manager(version, sanne)
    return Version.objects.get(pk=version.pk)


def _refused(change) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def _raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_save_refuses_a_new_snapshot_even_with_the_old_hash(signed):
    signed.snapshot = {**signed.snapshot, "title": "Anders"}
    with pytest.raises(VersionFrozen):
        signed.save()


def test_save_refuses_a_change_inside_the_snapshot(signed):
    signed.snapshot["cost"] = "0.00"
    with pytest.raises(VersionFrozen):
        signed.save(update_fields=["snapshot"])


def test_save_refuses_a_new_hash_and_a_way_back_to_open(signed):
    signed.content_hash = sealing.content_hash({"title": "Anders"})
    with pytest.raises(VersionFrozen):
        signed.save()
    signed = Version.objects.get(pk=signed.pk)
    signed.status = VersionStatus.DRAFT
    with pytest.raises(VersionFrozen):
        signed.save()


def test_the_database_refuses_queryset_update(signed):
    rows = Version.objects.filter(pk=signed.pk)
    _refused(lambda: rows.update(snapshot={"title": "Anders"}))
    _refused(lambda: rows.update(content_hash="0" * 64))
    _refused(lambda: rows.update(status=VersionStatus.TO_SIGN))
    assert services.verify(Version.objects.get(pk=signed.pk))


def test_the_database_refuses_raw_sql(signed):
    _refused(
        lambda: _raw("UPDATE signing_version SET snapshot = %s WHERE id = %s", "{}", signed.pk)
    )
    _refused(
        lambda: _raw("UPDATE signing_version SET content_hash = %s WHERE id = %s", "0", signed.pk)
    )
    assert services.verify(Version.objects.get(pk=signed.pk))


def test_the_database_lets_the_rest_of_a_sealed_row_and_open_versions_change(kees, sanne, signed):
    # The same values written again (a plain save) and other columns: allowed.
    Version.objects.get(pk=signed.pk).save()
    Version.objects.filter(pk=signed.pk).update(created_by=None)
    # A version nobody signed yet is not sealed.
    waiting = _frozen(sanne, kees)
    Version.objects.filter(pk=waiting.pk).update(snapshot={"title": "Nog open"})
    _raw(
        "UPDATE signing_version SET content_hash = %s WHERE id = %s",
        sealing.content_hash({"title": "Nog open"}),
        waiting.pk,
    )
    assert Version.objects.get(pk=waiting.pk).status == VersionStatus.TO_SIGN


def test_the_employee_signed_version_moves_on_to_signed_only(kees, sanne):
    version = _frozen(kees, sanne)
    services.sign_as_employee(version, kees, Choice.AGREED)
    rows = Version.objects.filter(pk=version.pk)
    _refused(lambda: rows.update(status=VersionStatus.DRAFT))
    services.sign_as_manager(version, sanne)
    assert rows.get().status == VersionStatus.SIGNED


def test_only_with_the_trigger_dropped_does_a_sealed_version_change(signed):
    with sealing.trigger_dropped():
        Version.objects.filter(pk=signed.pk).update(snapshot={"title": "Anders"})
    assert not services.verify(Version.objects.get(pk=signed.pk))
    # And the trigger is back.
    _refused(lambda: Version.objects.filter(pk=signed.pk).update(snapshot={"title": "Weer"}))
