using System.Text.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Worklist;

/// <summary>Alerts appear and clear as asOf crosses each boundary day (docs/clinical-rules.md#worklist-alerts).</summary>
[Collection(ApiCollection.Name)]
public sealed class WorklistAlertTests(AppFixture app)
{
    private static async Task<List<JsonElement>> Alerts(TestClinic clinic, Guid id, string asOf, string kind, long? minVersion = null)
    {
        var url = $"/api/worklist?asOf={asOf}" + (minVersion is { } v ? $"&minVersion={v}&patientId={id}" : $"&minVersion=1");
        var items = (await clinic.Get(url)).Json().GetProperty("items").EnumerateArray();
        return items.Where(i => i.GetProperty("patientId").GetGuid() == id && i.Str("kind") == kind).ToList();
    }

    [Fact]
    public async Task Induction_pending_appears_14_days_after_enrollment_without_a_supply()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        Assert.Empty(await Alerts(clinic, id, "2026-03-14", "induction-pending"));
        var alert = Assert.Single(await Alerts(clinic, id, "2026-03-15", "induction-pending"));
        Assert.Equal("2026-03-15", alert.Str("since"));
    }

    [Fact]
    public async Task Injection_due_then_medication_gap_with_growing_severity()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Injectable("2026-03-01"));
        await clinic.Injection(id, "2026-03-01");                             // covers 03-01..03-28

        Assert.Empty(await Alerts(clinic, id, "2026-03-20", "injection-due"));
        Assert.Equal("2026-03-21", Assert.Single(await Alerts(clinic, id, "2026-03-21", "injection-due")).Str("since"));
        Assert.Single(await Alerts(clinic, id, "2026-03-28", "injection-due"));
        Assert.Empty(await Alerts(clinic, id, "2026-03-28", "medication-gap"));

        Assert.Empty(await Alerts(clinic, id, "2026-03-29", "injection-due"));
        var gap1 = Assert.Single(await Alerts(clinic, id, "2026-03-29", "medication-gap"));
        Assert.Equal(("low", 1, "2026-03-29"), (gap1.Str("severity"), gap1.GetProperty("gapDays").GetInt32(), gap1.Str("since")));
        var gap2 = Assert.Single(await Alerts(clinic, id, "2026-03-30", "medication-gap"));
        Assert.Equal(("low", 2), (gap2.Str("severity"), gap2.GetProperty("gapDays").GetInt32()));
        var gap3 = Assert.Single(await Alerts(clinic, id, "2026-03-31", "medication-gap"));
        Assert.Equal(("medium", 3), (gap3.Str("severity"), gap3.GetProperty("gapDays").GetInt32()));
        Assert.Equal("medium", Assert.Single(await Alerts(clinic, id, "2026-04-04", "medication-gap")).Str("severity"));   // 7 days
        Assert.Equal("high", Assert.Single(await Alerts(clinic, id, "2026-04-05", "medication-gap")).Str("severity"));     // 8 days
    }

    [Fact]
    public async Task A_dose_recorded_over_HTTP_clears_the_gap_once_the_read_model_has_it()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var first = await clinic.Dose(id, "2026-03-01");
        Assert.Single(await Alerts(clinic, id, "2026-03-03", "medication-gap", first.Long("version")));

        var later = await clinic.Dose(id, "2026-03-03");
        Assert.Empty(await Alerts(clinic, id, "2026-03-03", "medication-gap", later.Long("version")));
        // facts dated after asOf do not count: on 03-02 the patient was still in a gap
        Assert.Single(await Alerts(clinic, id, "2026-03-02", "medication-gap", later.Long("version")));
        var adherence = await clinic.Adherence(id, "2026-03-01", "2026-03-03");
        Assert.Equal(Math.Round(2.0 / 3, 4), adherence.Pdc());
    }

    [Fact]
    public async Task Implant_expiring_appears_30_days_before_coverage_ends()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-10", MedicationScenarios.Implant("2026-01-10"));
        await clinic.Post($"/api/patients/{id}/implants", new { insertedOn = "2026-01-10", product = "NTX-implant" });   // ends 07-08
        Assert.Empty(await Alerts(clinic, id, "2026-06-07", "implant-expiring"));
        Assert.Equal("2026-06-08", Assert.Single(await Alerts(clinic, id, "2026-06-08", "implant-expiring")).Str("since"));
        Assert.Single(await Alerts(clinic, id, "2026-07-08", "implant-expiring"));
        Assert.Empty(await Alerts(clinic, id, "2026-07-09", "implant-expiring"));
    }

    [Fact]
    public async Task Counseling_overdue_and_inactive_follow_the_last_attended_session()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.EnrolledPatient("2026-03-01", counselorId: counselor);
        await clinic.Post($"/api/patients/{id}/counseling-sessions",
            new { counselorId = counselor, heldOn = "2026-03-02", minutes = 50, modality = "individual", outcome = "attended" });
        // weekly: overdue when asOf − 03-02 > 10.5, i.e. from 03-13
        Assert.Empty(await Alerts(clinic, id, "2026-03-12", "counseling-overdue"));
        Assert.Equal("2026-03-13", Assert.Single(await Alerts(clinic, id, "2026-03-13", "counseling-overdue")).Str("since"));
        // inactive when asOf − 03-02 ≥ 30
        Assert.Empty(await Alerts(clinic, id, "2026-03-31", "inactive-30-days"));
        Assert.Equal("2026-04-01", Assert.Single(await Alerts(clinic, id, "2026-04-01", "inactive-30-days")).Str("since"));
    }

    [Fact]
    public async Task A_discharged_patient_has_no_alerts_and_counselors_see_their_caseload_only()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var mine = await clinic.EnrolledPatient("2026-03-01", counselorId: counselor);
        var others = await clinic.EnrolledPatient("2026-03-01", counselorId: Guid.NewGuid());
        var gone = await clinic.EnrolledPatient("2026-03-01", counselorId: counselor);
        await clinic.Post($"/api/patients/{gone}/discharge", new { dischargedOn = "2026-03-18", reason = "dropped-out" });

        var items = (await clinic.Get("/api/worklist?asOf=2026-03-20&minVersion=1", clinic.Token("counselor", counselor))).Json().GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("patientId").GetGuid()).Distinct().ToList();
        Assert.Equal([mine], items);
        var all = (await clinic.Get("/api/worklist?asOf=2026-03-20&minVersion=1")).Json().GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("patientId").GetGuid()).ToHashSet();
        Assert.Contains(others, all);
        Assert.DoesNotContain(gone, all);
        // on a day before the discharge, the discharged patient's alerts were open (induction pending from 03-15)
        var before = (await clinic.Get("/api/worklist?asOf=2026-03-16&minVersion=1")).Json().GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("patientId").GetGuid()).ToHashSet();
        Assert.Contains(gone, before);
        await clinic.Get("/api/worklist", clinic.Token("reporter"), expect: 403);
    }
}
