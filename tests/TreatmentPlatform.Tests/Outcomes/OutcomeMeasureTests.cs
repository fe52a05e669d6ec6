using TreatmentPlatform.Care;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Outcomes;

/// <summary>Cravings and abstinence (domain.md "Outcomes") computed directly: no database, no HTTP.</summary>
public sealed class OutcomeMeasureTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static OutcomeSummary Measure(string from, string to, params object[] events) =>
        OutcomeMeasure.For(TreatmentSummary.From(HistorySimulator.Fold(
            [new PatientEnrolled(Id, TreatmentProgram.OudAud, D("2026-03-01"), 1, CounselingFrequency.Weekly, null), .. events])).Episodes, D(from), D(to));

    private static CravingAssessed Craving(string on, CravingSubstance substance, int score) => new(Id, 1, Guid.NewGuid(), D(on), substance, score);

    private static SubstanceUseChecked Check(string on, CheckResult result, CheckedSubstance substance = CheckedSubstance.Opioids) =>
        new(Id, 1, Guid.NewGuid(), D(on), CheckMethod.UrineDrugScreen, substance, result);

    private const CheckResult Negative = CheckResult.Negative;
    private const CheckResult Positive = CheckResult.Positive;

    [Fact]
    public void Craving_change_is_last_minus_first_per_substance()
    {
        // Opioids 8 (03-02) → 5 → 3 (03-30): 3 − 8 = −5, whatever the order they were recorded in.
        // Alcohol 2 (03-05) → 6 (03-20): +4.
        var summary = Measure("2026-03-01", "2026-03-31",
            Craving("2026-03-15", CravingSubstance.Opioids, 5), Craving("2026-03-30", CravingSubstance.Opioids, 3),
            Craving("2026-03-02", CravingSubstance.Opioids, 8), Craving("2026-03-05", CravingSubstance.Alcohol, 2),
            Craving("2026-03-20", CravingSubstance.Alcohol, 6));
        var opioids = summary.Cravings.Single(c => c.Substance == CravingSubstance.Opioids);
        var alcohol = summary.Cravings.Single(c => c.Substance == CravingSubstance.Alcohol);
        Assert.Equal((8, 3, (int?)-5), (opioids.First, opioids.Last, opioids.Change));
        Assert.Equal((2, 6, (int?)4), (alcohol.First, alcohol.Last, alcohol.Change));
    }

    [Fact]
    public void No_craving_change_with_a_single_assessment()
    {
        // One alcohol assessment in the period: none (fewer than two).
        var summary = Measure("2026-03-01", "2026-03-31", Craving("2026-03-05", CravingSubstance.Alcohol, 7));
        Assert.Null(summary.Cravings.Single(c => c.Substance == CravingSubstance.Alcohol).Change);
        Assert.DoesNotContain(summary.Cravings, c => c.Substance == CravingSubstance.Opioids && c.Change is not null);
    }

    [Fact]
    public void Share_negative_is_negative_checks_over_all_checks()
    {
        // 3 negative of 4 checks → 0.75.
        var checks = Measure("2026-03-01", "2026-03-31", Check("2026-03-02", Negative), Check("2026-03-09", Positive),
            Check("2026-03-16", Negative), Check("2026-03-23", Negative, CheckedSubstance.Alcohol)).Checks;
        Assert.Equal((4, 3), (checks.Total, checks.Negative));
        Assert.Equal(0.75, checks.ShareNegative);
        Assert.Null(Measure("2026-03-01", "2026-03-31").Checks.ShareNegative);   // no checks: no share
    }

    [Fact]
    public void A_single_negative_check_is_an_abstinence_run_of_one_day() =>
        Assert.Equal(1, Measure("2026-03-01", "2026-03-31", Check("2026-03-10", Negative)).Checks.LongestAbstinenceDays);

    [Fact]
    public void A_positive_check_breaks_the_abstinence_run()
    {
        // Negatives 03-01, 03-05, 03-12 → run 03-01..03-12 = 12 days; positive 03-14; negatives 03-16, 03-20 → 5 days.
        var checks = Measure("2026-03-01", "2026-03-31", Check("2026-03-01", Negative), Check("2026-03-05", Negative),
            Check("2026-03-12", Negative), Check("2026-03-14", Positive), Check("2026-03-16", Negative), Check("2026-03-20", Negative)).Checks;
        Assert.Equal(12, checks.LongestAbstinenceDays);

        // Only positives: no run.
        Assert.Equal(0, Measure("2026-03-01", "2026-03-31", Check("2026-03-02", Positive)).Checks.LongestAbstinenceDays);
    }

    [Fact]
    public void Runs_follow_check_dates_not_the_order_recorded()
    {
        // Recorded out of order; by date: − 03-02, + 03-10, − 03-12, − 03-25 → longest run 03-12..03-25 = 14 days.
        var checks = Measure("2026-03-01", "2026-03-31", Check("2026-03-25", Negative), Check("2026-03-02", Negative),
            Check("2026-03-12", Negative), Check("2026-03-10", Positive)).Checks;
        Assert.Equal(14, checks.LongestAbstinenceDays);
    }

    [Fact]
    public void Only_the_period_counts()
    {
        // Period 03-10..03-20. Cravings 03-05 (9) and 03-25 (1) outside: only 03-12 (6) and 03-18 (4) → 4 − 6 = −2.
        // Checks 03-05 negative and 03-25 negative outside: inside 03-12 negative, 03-15 positive → share 1/2, run 1 day.
        var summary = Measure("2026-03-10", "2026-03-20",
            Craving("2026-03-05", CravingSubstance.Opioids, 9), Craving("2026-03-12", CravingSubstance.Opioids, 6),
            Craving("2026-03-18", CravingSubstance.Opioids, 4), Craving("2026-03-25", CravingSubstance.Opioids, 1),
            Check("2026-03-05", Negative), Check("2026-03-12", Negative), Check("2026-03-15", Positive), Check("2026-03-25", Negative));
        Assert.Equal(-2, summary.Cravings.Single(c => c.Substance == CravingSubstance.Opioids).Change);
        Assert.Equal((2, 1, 0.5), (summary.Checks.Total, summary.Checks.Negative, summary.Checks.ShareNegative!.Value));
        Assert.Equal(1, summary.Checks.LongestAbstinenceDays);   // 03-12 alone: 03-05 is outside the period
    }

    [Fact]
    public void Period_boundaries_are_inclusive()
    {
        // Checks on 03-10 and 03-20 (both ends of 03-10..03-20), both negative → run 11 days.
        var checks = Measure("2026-03-10", "2026-03-20", Check("2026-03-10", Negative), Check("2026-03-20", Negative)).Checks;
        Assert.Equal((2, 11), (checks.Total, checks.LongestAbstinenceDays));
    }
}
