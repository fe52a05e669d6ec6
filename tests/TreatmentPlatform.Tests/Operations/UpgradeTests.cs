using System.Text.Json;
using Marten;
using JasperFx.Events;
using Marten.Events;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Operations;

/// <summary>
/// A database written by the release before the redesign: the same event names and shapes, a
/// full-history Patient document kept inline in the old shape, and no decision state. The
/// documented upgrade (db-apply, which the host does at start here, then a rebuild) must leave it
/// working like a database written by this release.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UpgradeTests(AppFixture app)
{
    [Fact]
    public async Task A_database_from_the_previous_release_works_after_a_rebuild()
    {
        var clinic = app.NewClinic();
        var store = app.Host.DocumentStore();
        var id = Guid.NewGuid();
        // The events as the previous release stored them (the same types, hence the same names and JSON).
        object[] events =
        [
            new PatientEnrolled(id, TreatmentProgram.Oud, new DateOnly(2026, 2, 1), 1, CounselingFrequency.Weekly, null),
            new OpioidFreeVerified(id, new DateOnly(2026, 2, 1), TreatmentPlatform.Induction.VerificationMethod.UrineDrugScreen, TreatmentPlatform.Induction.VerificationResult.Negative, null, null),
            new TreatmentPlatform.Medication.MedicationPlanSet(id, 1, TreatmentPlatform.Adherence.MedicationForm.Oral, new DateOnly(2026, 2, 1), 50, TreatmentPlatform.Medication.OralSchedule.Daily, null, null),
            new TreatmentPlatform.Medication.OralDoseTaken(id, 1, Guid.NewGuid(), new DateOnly(2026, 2, 1), 50, true),
            new TreatmentPlatform.Medication.OralDoseTaken(id, 1, Guid.NewGuid(), new DateOnly(2026, 2, 2), 50, true),
            new TreatmentPlatform.Counseling.CounselingSessionRecorded(id, 1, Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 2, 3), 50,
                TreatmentPlatform.Counseling.SessionModality.Individual, TreatmentPlatform.Counseling.SessionOutcome.Attended),
        ];
        await store.BulkInsertEventsAsync(clinic.Id, [StreamAction.Start(((DocumentStore)store).Events, id, events)], 100, CancellationToken.None);
        // The previous release's stored record: the old shape, in a table this release no longer reads.
        await using (var session = store.LightweightSession(clinic.Id))
        {
            session.QueueSqlCommand(
                "create table if not exists tp.mt_doc_patient (tenant_id varchar not null, id uuid not null, data jsonb not null, mt_version integer, " +
                "mt_dotnet_type varchar, mt_last_modified timestamptz, primary key (tenant_id, id))");
            session.QueueSqlCommand(
                "insert into tp.mt_doc_patient (id, tenant_id, data, mt_version, mt_dotnet_type, mt_last_modified) values (?, ?, ?::jsonb, 6, ?, now()) " +
                "on conflict do nothing",
                id, clinic.Id, OldRecord(id), "TreatmentPlatform.Patients.Patient");
            await session.SaveChangesAsync();
        }

        // Before the rebuild the patient has no decision state: commands cannot see it.
        await clinic.Get($"/api/patients/{id}", expect: 404);

        var runId = (await clinic.Send(HttpMethod.Post, "/api/admin/read-models/rebuild", "{}", expect: 202)).Json().GetProperty("runId").GetGuid();
        await clinic.Finished($"/api/admin/read-models/rebuild/{runId}");

        // The decision state and both read models are what this release derives from the events.
        var (stored, folded) = await ReadModelCheck.SettledAsync(store, clinic.Id);
        ReadModelCheck.AssertSame(folded, stored);
        var patient = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal(("active", 6L, "2026-02-02"), (patient.Str("status"), patient.Long("version"), patient.Str("coverageEndsOn")));

        // And the stream goes on: a dose with the version read appends version 7.
        var dose = (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-02-03", doseMg = 50, expectedVersion = 6 })).Json();
        Assert.Equal((7L, "2026-02-03"), (dose.Long("version"), dose.Str("coverageEndsOn")));
    }

    private static string OldRecord(Guid id) => JsonSerializer.Serialize(new
    {
        id,
        version = 6,
        program = "Oud",
        status = "Active",
        counselingFrequency = "Weekly",
        episode = 1,
        enrolledOn = "2026-02-01",
        firstSupplyOn = "2026-02-01",
        coverageEndsOn = "2026-02-02",
        lastInjectionSite = (string?)null,
        lastServiceOn = "2026-02-03",
        episodes = new[] { new { number = 1, enrolledOn = "2026-02-01", plans = Array.Empty<object>(), supplies = Array.Empty<object>() } },
    });
}
