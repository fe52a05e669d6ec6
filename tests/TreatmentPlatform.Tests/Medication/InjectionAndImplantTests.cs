using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Medication;

[Collection(ApiCollection.Name)]
public sealed class InjectionAndImplantTests(AppFixture app)
{
    [Fact]
    public async Task Three_injections_one_early_one_late_break_continuity()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Injectable("2026-01-05"));

        var first = await clinic.Injection(id, "2026-01-05", "left-gluteal");
        Assert.Equal("2026-02-01", first.Str("coverageEndsOn"));            // 01-05 + 27
        Assert.False(first.GetProperty("sameSiteAsPrevious").GetBoolean());
        var early = await clinic.Injection(id, "2026-01-25", "right-gluteal");
        Assert.Equal("2026-03-01", early.Str("coverageEndsOn"));            // shifted to start 02-02, + 27
        var late = await clinic.Injection(id, "2026-03-11", "right-gluteal");
        Assert.Equal("2026-04-07", late.Str("coverageEndsOn"));             // 03-11 + 27
        Assert.True(late.GetProperty("sameSiteAsPrevious").GetBoolean());

        var a = await clinic.Adherence(id, "2026-01-05", "2026-04-07");
        // treatment days: Jan 27 + Feb 28 + Mar 31 + Apr 7 = 93; uncovered 03-02..03-10 = 9 ⇒ covered 84
        Assert.Equal(93, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(84, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(Math.Round(84.0 / 93, 4), a.Pdc());
        Assert.Equal([("2026-03-02", "2026-03-10", 9)], a.Gaps());
        // the 9-day gap breaks continuity: spans 01-05..03-01 (56 days) and 03-11..04-07 (28)
        Assert.Equal(56, a.GetProperty("longestSpanDays").GetInt32());
    }

    [Fact]
    public async Task An_implant_removed_early_stops_covering_the_day_before_removal()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-10", MedicationScenarios.Implant("2026-01-10"));
        var inserted = (await clinic.Post($"/api/patients/{id}/implants", new { insertedOn = "2026-01-10", product = "NTX-implant" })).Json();
        Assert.Equal("2026-07-08", inserted.Str("coverageEndsOn"));        // 180 days: 01-10 + 179
        var implantId = inserted.GetProperty("implantId").GetGuid();

        var removed = (await clinic.Post($"/api/patients/{id}/implants/{implantId}/removal", new { removedOn = "2026-03-11", reason = "patient request" })).Json();
        Assert.Equal("2026-03-10", removed.Str("coverageEndsOn"));
        var a = await clinic.Adherence(id, "2026-01-10", "2026-03-31");
        // 81 treatment days (Jan 22 + Feb 28 + Mar 31), covered 01-10..03-10 = 60
        Assert.Equal(81, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(60, a.GetProperty("coveredDays").GetInt32());

        Assert.Equal("already-removed", (await clinic.Post($"/api/patients/{id}/implants/{implantId}/removal", new { removedOn = "2026-03-12" }, expect: 409)).Json().Str("title"));
        await clinic.Post($"/api/patients/{id}/implants/{Guid.NewGuid()}/removal", new { removedOn = "2026-03-12" }, expect: 404);
    }

    [Fact]
    public async Task A_switch_from_oral_to_injectable_keeps_both_forms_in_the_period()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-10");
        await clinic.Verified(id, "2026-03-11");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-03-11"));
        await clinic.Injection(id, "2026-03-11");

        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-31");
        Assert.Equal(1.0, a.Pdc());
        Assert.Equal(["oral", "injectable"], a.GetProperty("forms").EnumerateArray().Select(f => f.GetString()));
        // an oral dose while the injectable plan is in effect does not fit the plan
        Assert.Equal("form-mismatch", (await clinic.Post($"/api/patients/{id}/doses", new { takenOn = "2026-03-12", doseMg = 50, observed = true }, expect: 409)).Json().Str("title"));
        // but a late-recorded oral dose dated under the oral plan is fine
        await clinic.Dose(id, "2026-03-05");
        var history = (await clinic.Get($"/api/patients/{id}/history")).ReadAsText();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(history, "MedicationPlanSet"));
    }

    [Fact]
    public async Task PDC_is_clipped_at_discharge()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Injectable("2026-03-01"));
        await clinic.Injection(id, "2026-03-01");
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-03-10", reason = "transferred" });

        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-31");
        // treatment days 03-01..03-10 only, all covered
        Assert.Equal(10, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(10, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(1.0, a.Pdc());
        Assert.Equal("2026-03-10", (await clinic.Get($"/api/patients/{id}")).Json().Str("coverageEndsOn"));
    }

    [Fact]
    public async Task An_old_supply_does_not_cover_a_new_episode()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Injectable("2026-01-05"));
        await clinic.Injection(id, "2026-01-05");                          // would cover to 02-01
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-01-10", reason = "dropped-out" });
        await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-01-15" });
        await clinic.Verified(id, "2026-01-20");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-01-20"));
        await clinic.Dose(id, "2026-01-20");

        var a = await clinic.Adherence(id, "2026-01-01", "2026-01-31");
        // episode 1: 01-05..01-10, 6 days all covered; episode 2: 01-20..01-31, 12 days, 1 covered ⇒ 7/18
        Assert.Equal(18, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(7, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(0.3889, a.Pdc());
        Assert.Equal([("2026-01-21", "2026-01-31", 11)], a.Gaps());
    }

    [Fact]
    public async Task No_supply_yet_means_a_null_PDC()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-31");
        Assert.Null(a.Pdc());
        Assert.Equal(0, a.GetProperty("daysInPeriod").GetInt32());
        Assert.False(a.GetProperty("adherent").GetBoolean());
    }
}
