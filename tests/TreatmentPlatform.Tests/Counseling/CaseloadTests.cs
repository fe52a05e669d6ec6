using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

[Collection(ApiCollection.Name)]
public sealed class CaseloadTests(AppFixture app)
{
    [Fact]
    public async Task A_caseload_shows_pdc30_last_session_coverage_status_and_alerts()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselor);
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-24");            // 24 of the 30 days 03-01..03-30
        var last = (await clinic.Post($"/api/patients/{id}/counseling-sessions",
            new { counselorId = counselor, heldOn = "2026-03-20", minutes = 45, modality = "telehealth", outcome = "attended" })).Json();

        var caseload = (await clinic.Get($"/api/counselors/{counselor}/caseload?asOf=2026-03-30&minVersion={last.Long("version")}&patientId={id}",
            clinic.Token("counselor", counselor))).Json();
        var item = Assert.Single(caseload.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("patientId").GetGuid());
        Assert.Equal("active", item.Str("status"));
        Assert.Equal("oral", item.Str("form"));
        Assert.Equal(0.8, item.GetProperty("pdc30").GetDouble());            // 24 / 30
        Assert.Equal("2026-03-20", item.Str("lastSessionOn"));
        Assert.Equal("2026-03-24", item.Str("coverageEndsOn"));
        // 1 of floor(30/7) = 4 sessions: counseling not adherent, medication adherent at 0.80
        Assert.Equal("medication-only", item.Str("combinedStatus"));
        var gap = Assert.Single(item.GetProperty("alerts").EnumerateArray(), a => a.Str("kind") == "medication-gap");
        Assert.Equal(6, gap.GetProperty("gapDays").GetInt32());
    }

    [Fact]
    public async Task A_reassignment_moves_the_patient_between_caseloads()
    {
        var clinic = app.NewClinic();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var id = await clinic.EnrolledPatient("2026-03-01", counselorId: first);
        var moved = (await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = second })).Json();

        var url = $"?asOf=2026-03-10&minVersion={moved.Long("version")}&patientId={id}";
        Assert.Empty((await clinic.Get($"/api/counselors/{first}/caseload{url}")).Json().GetProperty("items").EnumerateArray());
        Assert.Equal(id, Assert.Single((await clinic.Get($"/api/counselors/{second}/caseload{url}")).Json().GetProperty("items").EnumerateArray())
            .GetProperty("patientId").GetGuid());
        // and the old counselor no longer reaches the patient
        await clinic.Get($"/api/patients/{id}", clinic.Token("counselor", first), expect: 404);
        await clinic.Get($"/api/patients/{id}/adherence?from=2026-03-01&to=2026-03-10", clinic.Token("counselor", second), expect: 200);
    }

    [Fact]
    public async Task Another_counselors_caseload_is_403_and_reporters_are_403()
    {
        var clinic = app.NewClinic();
        var me = Guid.NewGuid();
        await clinic.Get($"/api/counselors/{Guid.NewGuid()}/caseload", clinic.Token("counselor", me), expect: 403);
        await clinic.Get($"/api/counselors/{me}/caseload", clinic.Token("counselor", me), expect: 200);
        await clinic.Get($"/api/counselors/{me}/caseload", clinic.Token("reporter"), expect: 403);
        await clinic.Get($"/api/counselors/{me}/caseload?asOf=yesterday", expect: 400);
    }
}
