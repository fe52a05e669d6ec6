using CsCheck;
using TreatmentPlatform.Adherence;

namespace TreatmentPlatform.Tests.Adherence;

/// <summary>Properties of the coverage engine that must hold for any supplies.</summary>
public sealed class CoverageProperties
{
    private static readonly DateOnly Origin = new(2026, 1, 1);

    private static readonly Gen<Supply> GenSupply =
        Gen.Select(Gen.Int[0, 120], Gen.Int[1, 40], Gen.Int[0, 2], Gen.Int[-1, 60],
            (day, days, form, removedAfter) => new Supply(Origin.AddDays(day), days, (MedicationForm)form,
                form == 2 && removedAfter >= 0 ? Origin.AddDays(day + removedAfter) : null));

    private static readonly Gen<(List<Supply> Supplies, int? Discharge, int From, int Length)> GenCase =
        Gen.Select(GenSupply.List[0, 12], Gen.Int[-1, 150], Gen.Int[0, 100], Gen.Int[1, 120],
            (supplies, discharge, from, length) => (supplies, discharge < 0 ? (int?)null : discharge, from, length));

    private static AdherenceMeasure Measure(IReadOnlyList<Supply> supplies, int? discharge, int from, int length) =>
        Coverage.Measure([new EpisodeSupplies(1, Origin, discharge is { } d ? Origin.AddDays(d) : null, supplies)],
            Origin.AddDays(from), Origin.AddDays(from + length - 1));

    [Fact]
    public void PDC_is_between_0_and_1_and_null_only_without_treatment_days() =>
        GenCase.Sample(c =>
        {
            var m = Measure(c.Supplies, c.Discharge, c.From, c.Length);
            return m.TreatmentDays == 0 ? m.Pdc is null : m.Pdc is >= 0 and <= 1;
        });

    [Fact]
    public void Covered_plus_gap_days_equal_treatment_days() =>
        GenCase.Sample(c =>
        {
            var m = Measure(c.Supplies, c.Discharge, c.From, c.Length);
            return m.CoveredDays + m.Gaps.Sum(g => g.Days) == m.TreatmentDays && m.CoveredDays <= m.TreatmentDays;
        });

    [Fact]
    public void The_order_of_supplies_does_not_matter() =>
        Gen.Select(GenCase, Gen.Int).Sample(t =>
        {
            var (c, seed) = t;
            var shuffled = c.Supplies.OrderBy(_ => new Random(seed).Next()).ToList();
            var a = Measure(c.Supplies, c.Discharge, c.From, c.Length);
            var b = Measure(shuffled, c.Discharge, c.From, c.Length);
            return a.CoveredDays == b.CoveredDays && a.Gaps.SequenceEqual(b.Gaps) && a.LongestSpanDays == b.LongestSpanDays;
        });

    [Fact]
    public void Adding_a_supply_never_lowers_covered_days() =>
        Gen.Select(GenCase, GenSupply).Sample(t =>
        {
            var (c, extra) = t;
            var before = Measure(c.Supplies, c.Discharge, c.From, c.Length);
            var after = Measure([.. c.Supplies, extra], c.Discharge, c.From, c.Length);
            return after.CoveredDays >= before.CoveredDays;
        });

    [Fact]
    public void A_gap_of_8_or_more_days_always_separates_spans() =>
        GenCase.Sample(c =>
        {
            var m = Measure(c.Supplies, c.Discharge, c.From, c.Length);
            return m.Gaps.Where(g => g.Days >= 8).All(g => !m.ContinuousSpans.Any(s => s.From < g.From && s.To > g.To));
        });

    [Fact]
    public void Coverage_never_runs_past_discharge_and_ends_after_every_effective_supply() =>
        GenCase.Sample(c =>
        {
            var episode = new EpisodeSupplies(1, Origin, c.Discharge is { } d ? Origin.AddDays(d) : null, c.Supplies);
            var end = Coverage.CoverageEndsOn(episode);
            var ranges = Coverage.CoveredRanges(c.Supplies, episode.DischargedOn);
            if (ranges.Count == 0) return end is null;
            return end == ranges[^1].To
                && (episode.DischargedOn is null || end <= episode.DischargedOn)
                && ranges.Zip(ranges.Skip(1)).All(p => p.First.To.AddDays(1) < p.Second.From);
        });
}
