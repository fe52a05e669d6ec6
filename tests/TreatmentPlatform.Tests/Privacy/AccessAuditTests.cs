using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed class AccessAuditTests(AppFixture app)
{
    [Fact]
    public async Task Every_read_and_change_of_a_patient_is_logged_with_who_and_what()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.EnrolledPatient(counselorId: counselor);
        await clinic.Get($"/api/patients/{id}", clinic.Token("counselor", counselor));
        await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-06" });

        var log = (await clinic.Get($"/api/audit?patientId={id}")).Json();
        Assert.Equal(3, log.Long("total"));
        var items = log.GetProperty("items").EnumerateArray().ToList();
        // newest first
        Assert.Equal(["POST", "GET", "POST"], items.Select(i => i.Str("method")));
        Assert.Equal("/api/patients/{id}/contraindications", items[0].Str("route"));
        Assert.Equal("counselor", items[1].Str("role"));
        Assert.Equal(counselor, items[1].GetProperty("userId").GetGuid());
        Assert.Equal(clinic.Id, items[1].Str("clinic"));
        Assert.All(items, i => Assert.Equal(id, i.GetProperty("patientId").GetGuid()));
    }

    [Fact]
    public async Task The_log_is_per_clinic_and_admin_only()
    {
        var clinic = app.NewClinic();
        var other = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await other.Get($"/api/patients/{id}", expect: 404);
        Assert.Equal(1, (await clinic.Get($"/api/audit?patientId={id}")).Json().Long("total"));
        await clinic.Get("/api/audit", clinic.Token("counselor"), expect: 403);
        // paging is read as for the patient list: a bad value is 400, not quietly page 1
        await clinic.Get("/api/audit?page=x", expect: 400);
        await clinic.Get("/api/audit?pageSize=201", expect: 400);
        await clinic.Get("/api/audit?page=2147483647&pageSize=200", expect: 400);
    }

    [Fact]
    public async Task Commands_and_their_refusals_are_logged()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-01-06" }, expect: 400);            // validation, before the command
        await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-01-06", doseMg = 50 }, expect: 409);  // refused: no plan
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = Guid.NewGuid(), expectedVersion = 99 }, expect: 409);
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = Guid.NewGuid() });

        var items = (await clinic.Get($"/api/audit?patientId={id}&pageSize=20")).Json().GetProperty("items").EnumerateArray().ToList();
        // newest first: 200, version conflict, refused dose, invalid dose, enrollment
        Assert.Equal(["PUT", "PUT", "POST", "POST", "POST"], items.Select(i => i.Str("method")));
    }

    [Fact]
    public async Task Reads_of_many_records_name_every_patient_they_returned()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var a = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: counselor);
        var b = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: counselor);
        await clinic.Dose(a, "2026-03-01");
        var counselorToken = clinic.Token(Roles.Counselor, counselor);

        await clinic.Get("/api/patients");
        await clinic.Get($"/api/counselors/{counselor}/caseload?asOf=2026-03-20&minVersion=1", counselorToken);
        await clinic.Get("/api/worklist?asOf=2026-03-20&minVersion=1", counselorToken);
        await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31&minVersion=1");

        var entries = (await clinic.Get("/api/audit?pageSize=50")).Json().GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("patientId").ValueKind == System.Text.Json.JsonValueKind.Null).ToList();
        var byRoute = entries.ToDictionary(e => e.Str("route"), e => e.GetProperty("patientIds").EnumerateArray().Select(x => x.GetGuid()).ToHashSet());
        Assert.True(byRoute["/api/patients"].SetEquals([a, b]));
        Assert.True(byRoute["/api/counselors/{id}/caseload"].SetEquals([a, b]));
        Assert.Contains(a, byRoute["/api/worklist"]);                                          // a's coverage ended: an alert
        Assert.True(byRoute["/api/reports/{kind}"].SetEquals([a, b]));
        Assert.Equal(counselor, entries.Single(e => e.Str("route") == "/api/worklist").GetProperty("userId").GetGuid());

        // And the log answers "who saw this patient" with those reads too.
        var seen = (await clinic.Get($"/api/audit?patientId={b}&pageSize=50")).Json().GetProperty("items").EnumerateArray().Select(e => e.Str("route")).ToList();
        Assert.Contains("/api/counselors/{id}/caseload", seen);
        Assert.Contains("/api/patients", seen);
    }
}
