using TreatmentPlatform.Adherence;

namespace TreatmentPlatform.Tests.Adherence;

/// <summary>The engine's rules on small, hand-computed cases.</summary>
public sealed class CoverageTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Theory]
    [InlineData(25, 1)]
    [InlineData(50, 1)]
    [InlineData(100, 2)]
    [InlineData(150, 3)]
    public void Oral_coverage_is_max_1_floor_dose_over_50(int dose, int days) => Assert.Equal(days, Coverage.OralCoverageDays(dose));

    [Fact]
    public void Overlapping_supplies_shift_forward()
    {
        // 28 days from 01-05, another 28 from 01-25: the second starts on 02-02
        var ranges = Coverage.CoveredRanges([new Supply(D(1, 5), 28, MedicationForm.Injectable), new Supply(D(1, 25), 28, MedicationForm.Injectable)]);
        Assert.Equal([new DayRange(D(1, 5), D(3, 1))], ranges);
    }

    [Fact]
    public void An_early_removal_ends_coverage_the_day_before_and_the_next_supply_starts_after_it()
    {
        var ranges = Coverage.CoveredRanges([
            new Supply(D(1, 10), 180, MedicationForm.Implant, EndsBefore: D(3, 11)),
            new Supply(D(3, 11), 1, MedicationForm.Oral),
        ]);
        Assert.Equal([new DayRange(D(1, 10), D(3, 11))], ranges);
    }

    [Fact]
    public void Treatment_days_start_at_the_first_supply_and_stop_at_discharge()
    {
        var m = Coverage.Measure([new EpisodeSupplies(1, D(3, 1), D(3, 20), [new Supply(D(3, 5), 28, MedicationForm.Injectable)])], D(3, 1), D(3, 31));
        Assert.Equal(16, m.TreatmentDays);   // 03-05..03-20
        Assert.Equal(16, m.CoveredDays);
        Assert.Equal(1.0, m.Pdc);
    }

    [Fact]
    public void A_period_boundary_cuts_a_supply()
    {
        var m = Coverage.Measure([new EpisodeSupplies(1, D(2, 1), null, [new Supply(D(2, 20), 28, MedicationForm.Injectable)])], D(3, 1), D(3, 10));
        Assert.Equal((10, 10), (m.TreatmentDays, m.CoveredDays));
        Assert.Equal([MedicationForm.Injectable], m.FormsInPeriod);
    }

    [Fact]
    public void Supplies_only_after_the_period_give_a_null_PDC()
    {
        var m = Coverage.Measure([new EpisodeSupplies(1, D(1, 1), null, [new Supply(D(4, 1), 28, MedicationForm.Injectable)])], D(3, 1), D(3, 31));
        Assert.Null(m.Pdc);
        Assert.Equal(0, m.TreatmentDays);
    }

    [Fact]
    public void Spans_join_gaps_under_8_days_and_use_history_before_the_period()
    {
        // covered 01-01..01-28, gap of 7 (01-29..02-04), covered 02-05..03-04, gap of 8, covered 03-13..04-09
        var supplies = new[] { D(1, 1), D(2, 5), D(3, 13) }.Select(d => new Supply(d, 28, MedicationForm.Injectable)).ToList();
        var m = Coverage.Measure([new EpisodeSupplies(1, D(1, 1), null, supplies)], D(2, 1), D(4, 9));
        Assert.Equal([new DayRange(D(2, 1), D(3, 4)), new DayRange(D(3, 13), D(4, 9))], m.ContinuousSpans);
        Assert.Equal(32, m.LongestSpanDays);
        Assert.Equal([new Gap(D(2, 1), D(2, 4), 4), new Gap(D(3, 5), D(3, 12), 8)], m.Gaps);
    }

    [Fact]
    public void Episodes_do_not_share_coverage()
    {
        var m = Coverage.Measure([
            new EpisodeSupplies(1, D(1, 1), D(1, 10), [new Supply(D(1, 1), 28, MedicationForm.Injectable)]),
            new EpisodeSupplies(2, D(1, 15), null, [new Supply(D(1, 20), 1, MedicationForm.Oral)]),
        ], D(1, 1), D(1, 31));
        Assert.Equal(10 + 12, m.TreatmentDays);
        Assert.Equal(10 + 1, m.CoveredDays);
    }
}
