using Marten;
using TreatmentPlatform.Patients.Importing;
using TreatmentPlatform.Seeder;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class HistoryImportTests(AppFixture app)
{
    // Lines as another system would export them: the store's event type names and JSON.
    private static string History(Guid id, params string[] events) =>
        "{\"patientId\":\"" + id + "\",\"demographics\":{\"firstName\":\"Ima\",\"lastName\":\"Ported\",\"dateOfBirth\":\"1979-04-02\"},"
        + "\"events\":[" + string.Join(",", events) + "]}";

    private static string Event(string type, string data) => "{\"type\":\"" + type + "\",\"data\":{" + data + "}}";

    private static string Enrolled(Guid id) => Event("patient_enrolled",
        $"\"patientId\":\"{id}\",\"program\":\"Aud\",\"enrolledOn\":\"2026-01-01\",\"episode\":1,\"counselingFrequency\":\"Weekly\"");

    private static string OralPlan(Guid id) => Event("medication_plan_set",
        $"\"patientId\":\"{id}\",\"episode\":1,\"form\":\"Oral\",\"startOn\":\"2026-01-02\",\"doseMg\":50,\"schedule\":\"Daily\"");

    private static string Dose(Guid id, string on) => Event("oral_dose_taken",
        $"\"patientId\":\"{id}\",\"episode\":1,\"doseId\":\"{Guid.NewGuid()}\",\"takenOn\":\"{on}\",\"doseMg\":50,\"observed\":true");

    private async Task<ImportProgress> Import(string clinic, params string[] lines) =>
        await new HistoryImport(app.Host.DocumentStore())
            .RunAsync(clinic, new StringReader(string.Join('\n', lines)), null, CancellationToken.None);

    [Fact]
    public async Task An_imported_history_reads_like_one_recorded_through_the_api()
    {
        var clinic = app.NewClinic();
        var id = Guid.NewGuid();
        var done = await Import(clinic.Id, History(id, Enrolled(id), OralPlan(id), Dose(id, "2026-01-02"), Dose(id, "2026-01-03"), Dose(id, "2026-01-05")));
        Assert.Equal((1, 5L, true), (done.Patients, done.Events, done.Done));

        var patient = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("Ima", patient.GetProperty("firstName").GetString());
        Assert.Equal(5, patient.GetProperty("version").GetInt64());
        Assert.Equal("2026-01-05", patient.GetProperty("coverageEndsOn").GetString());

        // 2–6 January: five days on the plan, three covered by a daily dose (docs/clinical-rules.md, PDC).
        var adherence = (await clinic.Get($"/api/patients/{id}/adherence?from=2026-01-02&to=2026-01-06")).Json();
        Assert.Equal(0.6, adherence.GetProperty("pdc").GetDouble(), 3);
        Assert.Equal(3, adherence.GetProperty("coveredDays").GetInt32());

        // The stream continues like any other: the next dose appends version 6.
        var next = (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-01-06", doseMg = 50 })).Json();
        Assert.Equal(6, next.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_bad_line_stops_the_import_before_anything_of_its_batch_is_written()
    {
        var clinic = app.NewClinic();
        var good = Guid.NewGuid();
        var bad = Guid.NewGuid();
        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() => Import(clinic.Id,
            History(good, Enrolled(good), OralPlan(good)),
            History(bad, Enrolled(bad), Event("dose_teleported", ""))));
        Assert.Equal(2, refused.Line);
        Assert.Contains("unknown event type 'dose_teleported'", refused.Message, StringComparison.Ordinal);
        await clinic.Get($"/api/patients/{good}", expect: 404);
    }

    [Fact]
    public async Task Events_of_another_patient_are_refused()
    {
        var clinic = app.NewClinic();
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() => Import(clinic.Id, History(id, Enrolled(id), OralPlan(other))));
        Assert.Contains("event 2 names another patient", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_seeder_writes_imports_and_reads_through_the_api()
    {
        var clinic = app.NewClinic();
        var generator = new HistoryGenerator(seed: 11, today: new DateOnly(2026, 6, 30), counselors: 2);
        var histories = Enumerable.Range(0, 40).Select(_ => generator.Next()).ToList();

        var done = await Import(clinic.Id, histories.Select(h => h.Json).ToArray());
        Assert.Equal((40, histories.Sum(h => (long)h.EventCount)), (done.Patients, done.Events));

        var listed = (await clinic.Get("/api/patients?pageSize=100")).Json();
        Assert.Equal(40, listed.Long("total"));
        var patient = histories[0];
        var read = (await clinic.Get($"/api/patients/{patient.PatientId}")).Json();
        Assert.Equal(patient.EventCount, read.GetProperty("version").GetInt64());
        // Every open patient of a counselor is in that counselor's caseload.
        var counselor = generator.Counselors[0];
        var caseload = (await clinic.Get($"/api/counselors/{counselor}/caseload?asOf=2026-06-30&minVersion=1")).Json();   // once the daemon has projected the import
        var all = (await clinic.Get($"/api/patients?pageSize=100&counselorId={counselor}")).Json().Long("total");
        var discharged = (await clinic.Get($"/api/patients?pageSize=100&counselorId={counselor}&status=discharged")).Json().Long("total");
        Assert.True(all > discharged);
        var open = all - discharged;
        Assert.Equal(open, caseload.GetProperty("items").GetArrayLength());
    }
}
