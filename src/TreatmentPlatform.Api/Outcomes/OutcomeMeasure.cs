using TreatmentPlatform.Care;

namespace TreatmentPlatform.Outcomes;

public sealed record CravingChange(CravingSubstance Substance, int First, int Last, int? Change);

public sealed record CheckSummary(int Total, int Negative, double? ShareNegative, int LongestAbstinenceDays);

public sealed record OutcomeSummary(IReadOnlyList<CravingChange> Cravings, CheckSummary Checks, IReadOnlyList<AdverseEventRecord> AdverseEvents);

/// <summary>Cravings, abstinence and side effects over a period (docs/clinical-rules.md#outcomes).</summary>
public static class OutcomeMeasure
{
    public static OutcomeSummary For(IReadOnlyList<EpisodeSummary> episodes, DateOnly from, DateOnly to)
    {
        bool In(DateOnly d) => d >= from && d <= to;

        // Craving change = last − first score in the period, per substance; none with fewer than two.
        var cravings = episodes.SelectMany(e => e.Cravings).Where(c => In(c.AssessedOn))
            .Select((c, order) => (c, order))
            .GroupBy(x => x.c.Substance).OrderBy(g => g.Key)
            .Select(g =>
            {
                var ordered = g.OrderBy(x => x.c.AssessedOn).ThenBy(x => x.order).Select(x => x.c).ToList();
                return new CravingChange(g.Key, ordered[0].Score, ordered[^1].Score, ordered.Count < 2 ? null : ordered[^1].Score - ordered[0].Score);
            }).ToList();

        var checks = episodes.SelectMany(e => e.Checks).Where(c => In(c.CheckedOn))
            .Select((c, order) => (c, order)).OrderBy(x => x.c.CheckedOn).ThenBy(x => x.order).Select(x => x.c).ToList();
        var negative = checks.Count(c => c.Result == CheckResult.Negative);

        var adverse = episodes.SelectMany(e => e.AdverseEvents)
            .Where(a => a.OnsetOn <= to && (a.ResolvedOn is null || a.ResolvedOn >= from))
            .OrderBy(a => a.OnsetOn).ToList();

        return new OutcomeSummary(cravings,
            new CheckSummary(checks.Count, negative, checks.Count == 0 ? null : (double)negative / checks.Count, LongestAbstinence(checks)),
            adverse);
    }

    /// <summary>The most days from first to last check of a run of consecutive negative checks, inclusive.</summary>
    public static int LongestAbstinence(IReadOnlyList<SubstanceCheckRecord> checksByDate)
    {
        var longest = 0;
        DateOnly? runStart = null;
        foreach (var check in checksByDate)
        {
            if (check.Result == CheckResult.Positive)
            {
                runStart = null;
                continue;
            }
            runStart ??= check.CheckedOn;
            longest = Math.Max(longest, check.CheckedOn.DayNumber - runStart.Value.DayNumber + 1);
        }
        return longest;
    }
}
