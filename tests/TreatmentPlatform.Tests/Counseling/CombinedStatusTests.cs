using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

/// <summary>Medication plus counseling status for March 1–30 (30 days), hand-computed from docs/clinical-rules.md.</summary>
[Collection(ApiCollection.Name)]
public sealed class CombinedStatusTests(AppFixture app)
{
    private static async Task Sessions(TestClinic clinic, Guid id, Guid counselor, string outcome, params string[] days)
    {
        foreach (var day in days)
            await clinic.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = counselor, heldOn = day, minutes = 50, modality = "individual", outcome });
    }

    private async Task<(TestClinic Clinic, Guid Id, Guid Counselor)> Patient(bool fullMedication, string frequency = "weekly")
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselor, frequency);
        if (fullMedication) await clinic.DailyDoses(id, "2026-03-01", "2026-03-30");
        else await clinic.DailyDoses(id, "2026-03-01", "2026-03-10");   // 10/30 = 0.3333
        return (clinic, id, counselor);
    }

    [Fact]
    public async Task Combined_when_both_are_adherent()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: true);
        // weekly: floor(30 / 7) = 4 expected; 3 attended ⇒ 0.75, adherent at the 0.75 threshold
        await Sessions(clinic, id, counselor, "attended", "2026-03-03", "2026-03-10", "2026-03-17");
        await Sessions(clinic, id, counselor, "no-show", "2026-03-24");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        var counseling = a.GetProperty("counseling");
        Assert.Equal((4, 3, 1), (counseling.GetProperty("expected").GetInt32(), counseling.GetProperty("attended").GetInt32(), counseling.GetProperty("noShows").GetInt32()));
        Assert.Equal(0.75, counseling.GetProperty("adherence").GetDouble());
        Assert.True(counseling.GetProperty("adherent").GetBoolean());
        Assert.Equal("combined", a.Str("status"));
    }

    [Fact]
    public async Task Medication_only_when_sessions_fall_short()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: true);
        await Sessions(clinic, id, counselor, "attended", "2026-03-03", "2026-03-10");   // 2/4 = 0.5
        await Sessions(clinic, id, counselor, "cancelled", "2026-03-17");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal(0.5, a.GetProperty("counseling").GetProperty("adherence").GetDouble());
        Assert.Equal(0, a.GetProperty("counseling").GetProperty("noShows").GetInt32());
        Assert.Equal("medication-only", a.Str("status"));
    }

    [Fact]
    public async Task Counseling_only_when_PDC_is_low()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: false);
        await Sessions(clinic, id, counselor, "attended", "2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24", "2026-03-27");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal(0.3333, a.Pdc());
        Assert.Equal(1.0, a.GetProperty("counseling").GetProperty("adherence").GetDouble());   // min(1, 5/4)
        Assert.Equal("counseling-only", a.Str("status"));
    }

    [Fact]
    public async Task Neither()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: false);
        await Sessions(clinic, id, counselor, "attended", "2026-03-03");
        await Sessions(clinic, id, counselor, "no-show", "2026-03-10", "2026-03-17");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal(2, a.GetProperty("counseling").GetProperty("noShows").GetInt32());
        Assert.Equal("neither", a.Str("status"));
    }

    [Fact]
    public async Task Biweekly_expects_two_sessions_in_30_days()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: true, "biweekly");
        await Sessions(clinic, id, counselor, "attended", "2026-03-05");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        // floor(30 / 14) = 2 expected, 1 attended ⇒ 0.5
        Assert.Equal(2, a.GetProperty("counseling").GetProperty("expected").GetInt32());
        Assert.Equal(0.5, a.GetProperty("counseling").GetProperty("adherence").GetDouble());
        Assert.Equal("medication-only", a.Str("status"));
    }

    [Fact]
    public async Task Monthly_expects_one_session_and_short_periods_still_expect_one()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: true, "monthly");
        await Sessions(clinic, id, counselor, "attended", "2026-03-20");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal(1, a.GetProperty("counseling").GetProperty("expected").GetInt32());   // floor(30 / 28)
        Assert.Equal("combined", a.Str("status"));
        // 10 days of a monthly frequency: max(1, floor(10 / 28)) = 1 expected, none attended in 03-01..03-10
        var short10 = await clinic.Adherence(id, "2026-03-01", "2026-03-10");
        Assert.Equal(1, short10.GetProperty("counseling").GetProperty("expected").GetInt32());
        Assert.Equal(0.0, short10.GetProperty("counseling").GetProperty("adherence").GetDouble());
    }

    [Fact]
    public async Task Sessions_are_validated_and_corrections_are_appended()
    {
        var (clinic, id, counselor) = await Patient(fullMedication: true);
        await clinic.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = counselor, heldOn = "2026-03-03", minutes = 50, modality = "yoga", outcome = "attended" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = counselor, heldOn = "2026-02-03", minutes = 50, modality = "group", outcome = "attended" }, expect: 400);
        var recorded = (await clinic.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = counselor, heldOn = "2026-03-03", minutes = 50, modality = "group", outcome = "no-show" })).Json();
        var sessionId = recorded.GetProperty("sessionId").GetGuid();
        await clinic.Post($"/api/patients/{id}/counseling-sessions/{sessionId}/correction", new { outcome = "attended", reason = "entered on the wrong line" });
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal((1, 0), (a.GetProperty("counseling").GetProperty("attended").GetInt32(), a.GetProperty("counseling").GetProperty("noShows").GetInt32()));
        var history = (await clinic.Get($"/api/patients/{id}/history")).ReadAsText();
        Assert.Contains("CounselingSessionRecorded", history, StringComparison.Ordinal);
        Assert.Contains("CounselingSessionCorrected", history, StringComparison.Ordinal);
    }
}
