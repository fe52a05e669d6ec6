using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Medication;

/// <summary>Each oral schedule over a month, with missed days; expected numbers worked out by hand.</summary>
[Collection(ApiCollection.Name)]
public sealed class OralScheduleTests(AppFixture app)
{
    [Fact]
    public async Task Daily_50mg_in_March_missing_3_days()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-31", missed: ["2026-03-10", "2026-03-11", "2026-03-20"]);

        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-31");
        // treatment days 03-01..03-31 = 31; covered 31 − 3 = 28; PDC 28/31 = 0.9032
        Assert.Equal(31, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(28, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(0.9032, a.Pdc());
        Assert.True(a.GetProperty("adherent").GetBoolean());
        Assert.Equal([("2026-03-10", "2026-03-11", 2), ("2026-03-20", "2026-03-20", 1)], a.Gaps());
        Assert.Equal(31, a.GetProperty("days").GetArrayLength());
        Assert.False(a.GetProperty("days")[9].GetProperty("covered").GetBoolean());
    }

    [Fact]
    public async Task Every_other_day_100mg_missing_one_dose()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01", "every-other-day", 100));
        // doses 03-01, 03-03, …, 03-29 (15), 03-15 missed; each covers floor(100/50) = 2 days
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-29", 100, everyDays: 2, missed: ["2026-03-15"]);

        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-31");
        // covered 14 × 2 = 28 (03-01..03-14, 03-17..03-30); uncovered 03-15, 03-16, 03-31; PDC 28/31
        Assert.Equal(31, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(28, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(0.9032, a.Pdc());
        Assert.Equal([("2026-03-15", "2026-03-16", 2), ("2026-03-31", "2026-03-31", 1)], a.Gaps());
    }

    [Fact]
    public async Task Every_third_day_150mg_covers_the_whole_period()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01", "every-third-day", 150));
        // 03-01, 03-04, …, 03-28: 10 doses × 3 days = 03-01..03-30
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-28", 150, everyDays: 3);
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-30");
        Assert.Equal(1.0, a.Pdc());
        Assert.Empty(a.Gaps());
        Assert.Equal("2026-03-30", (await clinic.Get($"/api/patients/{id}")).Json().Str("coverageEndsOn"));
    }

    [Fact]
    public async Task Mon_Wed_Fri_100_100_150_with_a_missed_Friday()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-02", MedicationScenarios.Oral("2026-03-02", "mon-wed-fri", 100));
        // 2026-03-02 is a Monday. Mon 100 mg → 2 days, Wed 100 → 2, Fri 150 → 3: a full week.
        foreach (var week in new[] { 0, 7, 14, 21 })
        {
            var monday = MedicationScenarios.Day("2026-03-02").AddDays(week);
            await clinic.Dose(id, monday.D(), 100);
            await clinic.Dose(id, monday.AddDays(2).D(), 100);
            if (week != 7) await clinic.Dose(id, monday.AddDays(4).D(), 150);
        }
        var a = await clinic.Adherence(id, "2026-03-02", "2026-03-29");
        // 28 treatment days; the missed Friday 03-13 leaves 03-13..03-15 uncovered: 25/28 = 0.8929
        Assert.Equal(28, a.GetProperty("daysInPeriod").GetInt32());
        Assert.Equal(25, a.GetProperty("coveredDays").GetInt32());
        Assert.Equal(0.8929, a.Pdc());
        Assert.Equal([("2026-03-13", "2026-03-15", 3)], a.Gaps());
    }

    [Fact]
    public async Task A_first_25mg_dose_covers_one_day()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var dose = await clinic.Dose(id, "2026-03-01", 25);
        Assert.Equal("2026-03-01", dose.Str("coverageEndsOn"));
        var a = await clinic.Adherence(id, "2026-03-01", "2026-03-02");
        Assert.Equal(0.5, a.Pdc());
    }
}
