using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Medication;

[Collection(ApiCollection.Name)]
public sealed class MedicationValidationTests(AppFixture app)
{
    [Fact]
    public async Task A_dose_without_a_plan_is_409()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        Assert.Equal("no-medication-plan", (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-03-02", doseMg = 50, observed = false }, expect: 409)).Json().Str("title"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(0)]
    [InlineData(100)]   // a daily plan allows 25 or 50 mg
    public async Task Oral_doses_must_fit_the_schedule(int doseMg)
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var problem = (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-03-02", doseMg, observed = true }, expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("doseMg", out _));
        Assert.Equal(3, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Dose_dates_are_not_in_the_future_nor_before_enrollment_nor_after_discharge()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).D(), expect: 400);
        await clinic.Dose(id, "2026-02-28", expect: 400);
        await clinic.Dose(id, "2026-03-02");
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-03-05", reason = "completed" });
        Assert.Equal("patient-discharged", (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-03-06", doseMg = 50, observed = true }, expect: 409)).Json().Str("title"));
    }

    [Fact]
    public async Task A_discharge_cannot_be_dated_before_the_last_dose()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-05");
        Assert.Equal("discharge-before-last-service", (await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-03-04", reason = "completed" }, expect: 409)).Json().Str("title"));
    }

    [Fact]
    public async Task Injections_are_380mg_unless_a_reason_is_given()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Injectable("2026-03-01"));
        await clinic.Post($"/api/patients/{id}/injections", new { administeredOn = "2026-03-01", doseMg = 300, site = "left-gluteal" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/injections", new { administeredOn = "2026-03-01", doseMg = 380, site = "left-arm" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/injections", new { administeredOn = "2026-03-01", doseMg = 300, site = "left-gluteal", doseOverrideReason = "weight-based per prescriber" }, expect: 200);
    }

    [Fact]
    public async Task A_dose_entered_in_error_stops_counting_and_the_history_keeps_both()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        var mistaken = await clinic.Dose(id, "2026-03-02");
        Assert.Equal("2026-03-02", mistaken.Str("coverageEndsOn"));

        var corrected = (await clinic.Post($"/api/patients/{id}/supplies/{mistaken.GetProperty("doseId").GetGuid()}/entered-in-error", new { reason = "wrong patient chart" })).Json();
        Assert.Equal("2026-03-01", corrected.Str("coverageEndsOn"));
        Assert.Equal(0.5, (await clinic.Adherence(id, "2026-03-01", "2026-03-02")).Pdc());
        var history = (await clinic.Get($"/api/patients/{id}/history")).ReadAsText();
        Assert.Contains("OralDoseTaken", history, StringComparison.Ordinal);
        Assert.Contains("SupplyEnteredInError", history, StringComparison.Ordinal);
        await clinic.Post($"/api/patients/{id}/supplies/{Guid.NewGuid()}/entered-in-error", new { reason = "x" }, expect: 404);
    }

    [Fact]
    public async Task The_first_dose_makes_the_episode_active_and_the_record_shows_the_plan()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        Assert.Equal("enrolled", (await clinic.Get($"/api/patients/{id}")).Json().Str("status"));
        await clinic.Dose(id, "2026-03-01");
        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("active", read.Str("status"));
        Assert.Equal("oral", read.GetProperty("medicationPlan").Str("form"));
        Assert.Equal("daily", read.GetProperty("medicationPlan").Str("schedule"));
        Assert.Equal(50, read.GetProperty("medicationPlan").GetProperty("doseMg").GetInt32());
        Assert.Equal("2026-03-01", read.Str("coverageEndsOn"));
    }

    [Fact]
    public async Task Counselors_record_doses_for_their_caseload_only()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var mine = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: counselor);
        var other = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: Guid.NewGuid());
        var token = clinic.Token("counselor", counselor);
        await clinic.Post($"/api/patients/{mine}/doses", new { takenOn = "2026-03-01", doseMg = 50, observed = true }, token, expect: 200);
        await clinic.Post($"/api/patients/{other}/doses", new { takenOn = "2026-03-01", doseMg = 50, observed = true }, token, expect: 404);
        await clinic.Post($"/api/patients/{mine}/injections", new { administeredOn = "2026-03-01", doseMg = 380, site = "left-gluteal" }, token, expect: 403);
    }
}
