"""The signing mechanism on its own: any object can be the subject (here: an employee row)."""

import pytest
from django.utils import translation

from koers.lib import canonical
from koers.lib.errors import Refused
from koers.organisations.models import Employee
from koers.signing import services
from koers.signing.models import Choice, Version, VersionFrozen, VersionStatus
from koers.signing.sealing import trigger_dropped

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {
        key: Employee.objects.get(organisation=demo, personnel_number=f"D-{key}")
        for key in ("medewerker", "manager", "collega", "hr")
    }


def frozen(people, content=None):
    return frozen_for(people["medewerker"], people, content)


def frozen_for(employee, people, content=None):
    draft = services.editable_version(employee, employee, people["manager"])
    return services.freeze(draft, content or {"title": "Solderen", "cost": "320.00"})


def test_the_content_hash_is_keyed_with_the_signing_key(people, settings):
    version = frozen(people)
    key = settings.KOERS_SIGNING_KEY
    assert version.content_hash == canonical.keyed_hash(version.snapshot, key)
    assert version.content_hash != canonical.plain_sha256(version.snapshot)
    assert services.verify(version)
    # Whoever has the database but not the key cannot make a changed version verify.
    settings.KOERS_SIGNING_KEY = "een andere sleutel"
    assert not services.verify(version)


def test_the_rehash_migration_moves_plain_sha256_versions_to_the_hmac(people):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("koers.signing.migrations.0003_hmac_content_hash")
    version = frozen(people)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    services.sign_as_manager(version, people["manager"])
    tampered = frozen_for(people["collega"], people)
    old = canonical.plain_sha256(version.snapshot)
    with trigger_dropped():
        Version.objects.filter(pk=version.pk).update(content_hash=old)
        version.signatures.update(signed_hash=old)
        # A version whose old hash does not match is left alone: the check keeps saying so.
        Version.objects.filter(pk=tampered.pk).update(content_hash="0" * 64)
    with trigger_dropped():  # the migration runs before the trigger exists
        migration.forwards(apps, None)
    version = Version.objects.get(pk=version.pk)
    assert services.verify(version) and version.content_hash != old
    assert Version.objects.get(pk=tampered.pk).content_hash == "0" * 64
    with trigger_dropped():
        migration.backwards(apps, None)
    assert Version.objects.get(pk=version.pk).content_hash == old


def test_both_sign_and_the_hash_verifies(people):
    version = frozen(people)
    assert version.status == VersionStatus.TO_SIGN
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    version = services.sign_as_manager(version, people["manager"])
    version.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    signatures = list(version.signatures.all())
    assert [s.party for s in signatures] == ["employee", "manager"]
    assert all(s.signed_hash == version.content_hash for s in signatures)
    assert services.verify(version)


def test_signed_version_cannot_change(people):
    version = frozen(people)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    services.sign_as_manager(version, people["manager"])
    version = Version.objects.get(pk=version.pk)
    with pytest.raises(VersionFrozen):
        services.replace_snapshot(version, {"title": "Anders"})
    version.snapshot = {"title": "Anders"}
    version.content_hash = services.content_hash(version.snapshot)
    with pytest.raises(VersionFrozen):
        version.save()
    assert services.verify(Version.objects.get(pk=version.pk))


def test_a_change_after_signing_makes_the_next_draft(people):
    kees = people["medewerker"]
    version = frozen(people)
    services.sign_as_employee(version, kees, Choice.AGREED)
    services.sign_as_manager(version, people["manager"])
    draft = services.editable_version(kees, kees, people["manager"])
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    first = Version.objects.get(pk=version.pk)
    assert first.status == VersionStatus.SIGNED
    assert first.snapshot == {"title": "Solderen", "cost": "320.00"}
    assert services.verify(first)


def test_verify_detects_tampering(people):
    version = frozen(people)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    # Behind the services' back, straight in the database, with the trigger out of the way:
    with trigger_dropped():
        Version.objects.filter(pk=version.pk).update(snapshot={"title": "Iets anders"})
    assert not services.verify(Version.objects.get(pk=version.pk))


def test_voor_gezien_remark_becomes_part_of_the_signed_version(people):
    version = frozen(people)
    before = version.content_hash
    version = services.sign_as_employee(
        version, people["medewerker"], Choice.SEEN, "Ik wil eerder beginnen."
    )
    version.refresh_from_db()
    assert version.snapshot["employee_remark"] == "Ik wil eerder beginnen."
    assert version.content_hash != before
    assert version.employee_signature.signed_hash == version.content_hash
    services.sign_as_manager(version, people["manager"])
    assert services.verify(Version.objects.get(pk=version.pk))


@pytest.mark.parametrize("choice", [Choice.SEEN, Choice.CORRECTION])
def test_a_remark_is_required(people, choice):
    version = frozen(people)
    with pytest.raises(services.RemarkRequired):
        services.sign_as_employee(version, people["medewerker"], choice, "  ")


def test_correction_goes_back_to_the_author_as_the_next_version(people):
    kees = people["medewerker"]
    version = frozen(people)
    services.sign_as_employee(version, kees, Choice.CORRECTION, "Het jaartal klopt niet.")
    version.refresh_from_db()
    assert version.status == VersionStatus.CORRECTION
    latest = services.latest_version(kees)
    assert (latest.number, latest.status) == (2, VersionStatus.DRAFT)
    with pytest.raises(services.SigningRefused):
        services.sign_as_manager(version, people["manager"])


def test_only_the_right_people_sign_in_the_right_order(people):
    version = frozen(people)
    with pytest.raises(services.SigningRefused) as refused:
        services.sign_as_manager(version, people["manager"])  # the employee signs first
    assert refused.value.code == "signing.not_your_turn"
    with pytest.raises(services.SigningRefused):
        services.sign_as_employee(version, people["collega"], Choice.AGREED)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    with pytest.raises(services.SigningRefused) as refused:
        services.sign_as_manager(version, people["hr"])  # not Kees's manager
    assert refused.value.code == "signing.not_current_manager"


def test_a_refusal_is_a_code_said_in_the_readers_language(people):
    """The signing errors are ``Refused`` codes, like every domain refusal: the API and the
    pages say them in the reader's language."""
    version = frozen(people)
    with pytest.raises(Refused) as refused:
        services.sign_as_employee(version, people["medewerker"], Choice.SEEN, "")
    assert refused.value.code == "signing.remark_required"
    with translation.override("en"):
        assert refused.value.message == "‘Seen’ and ‘correction requested’ need a remark."
    with translation.override("nl"):
        assert "opmerking nodig" in refused.value.message


def test_an_unsigned_version_goes_back_to_draft_on_a_change(people):
    kees = people["medewerker"]
    version = frozen(people)
    draft = services.editable_version(kees, kees, people["manager"])
    assert draft.pk == version.pk
    assert draft.status == VersionStatus.DRAFT
    assert draft.snapshot is None


def test_after_the_employee_signed_the_content_waits_for_the_manager(people):
    kees = people["medewerker"]
    version = frozen(people)
    services.sign_as_employee(version, kees, Choice.AGREED)
    with pytest.raises(VersionFrozen):
        services.editable_version(kees, kees, people["manager"])


def test_a_paper_signature_signs_the_same_hash_and_the_manager_signs_after(people):
    from django.utils import timezone

    version = frozen(people)
    frozen_hash = version.content_hash
    services.record_paper_signature(
        version, people["manager"], Choice.AGREED, signed_on=timezone.localdate()
    )
    version = services.sign_as_manager(version, people["manager"])
    version = Version.objects.get(pk=version.pk)
    assert version.status == VersionStatus.SIGNED and version.content_hash == frozen_hash
    employee = version.employee_signature
    assert employee.signed_by == people["medewerker"]
    assert employee.recorded_by == people["manager"]
    assert employee.is_on_paper and employee.signed_hash == frozen_hash
    assert not version.manager_signature.is_on_paper
    assert services.verify(version)


def test_a_paper_signature_is_refused_when_not_waiting_or_not_the_manager(people):
    from django.utils import timezone

    today = timezone.localdate()
    version = frozen(people)
    for who in ("hr", "collega", "medewerker"):
        with pytest.raises(services.SigningRefused):
            services.record_paper_signature(version, people[who], Choice.AGREED, signed_on=today)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    with pytest.raises(services.SigningRefused):
        services.record_paper_signature(version, people["manager"], Choice.AGREED, signed_on=today)
    assert Version.objects.get(pk=version.pk).signatures.count() == 1


def test_a_new_signing_key_needs_the_rehash_command(people, settings, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    settings.KOERS_SIGNING_KEY = "oude sleutel"
    version = frozen(people)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    services.sign_as_manager(version, people["manager"])
    settings.KOERS_SIGNING_KEY = "nieuwe sleutel"
    assert not services.verify(Version.objects.get(pk=version.pk))
    monkeypatch.setenv("KOERS_OLD_SIGNING_KEY", "oude sleutel")
    out = StringIO()
    call_command("rehash_versions", stdout=out)
    assert "1 version(s) re-hashed" in out.getvalue()
    assert services.verify(Version.objects.get(pk=version.pk))


def test_the_rehash_is_an_action_of_the_organisations_job_with_one_event(
    people, settings, monkeypatch
):
    from io import StringIO

    from django.core.management import call_command

    from koers.access.actor import Actor
    from koers.audit.models import AuditEvent
    from koers.lib.errors import NotAllowed
    from koers.organisations.actors import actor_for
    from koers.signing.actions import rehash_versions

    settings.KOERS_SIGNING_KEY = "oude sleutel"
    version = frozen(people)
    services.sign_as_employee(version, people["medewerker"], Choice.AGREED)
    settings.KOERS_SIGNING_KEY = "nieuwe sleutel"
    organisation = version.organisation
    for nobody in (actor_for(people["hr"]), Actor.for_system(organisation.pk + 999)):
        with pytest.raises(NotAllowed):
            rehash_versions(nobody, organisation, "oude sleutel")
    assert not services.verify(Version.objects.get(pk=version.pk)), "a refusal changes nothing"
    monkeypatch.setenv("KOERS_OLD_SIGNING_KEY", "oude sleutel")
    call_command("rehash_versions", stdout=StringIO())
    event = AuditEvent.objects.get(verb="versions.rehashed")
    assert event.organisation_id == organisation.pk and event.actor_id is None
    assert event.params == {"rehashed": 1, "not_verifying": 0}


def test_deploy_check_asks_for_a_signing_key_of_its_own(settings):
    from koers.signing.checks import check_signing_key, derived_from_secret_key

    settings.KOERS_SIGNING_KEY = derived_from_secret_key(settings.SECRET_KEY)
    assert [w.id for w in check_signing_key()] == ["koers.signing.W001"]
    settings.KOERS_SIGNING_KEY = "een eigen sleutel"
    assert check_signing_key() == []
