using System.Collections.Immutable;

namespace TreatmentPlatform.Adherence;

/// <summary>
/// An episode's covered days as merged runs, moved forward one supply at a time without its
/// supplies. Under shift-forward placement a covered run is a queue that never empties: a supply
/// dated inside a run lengthens it by its days, and a run it reaches is pushed on by its whole
/// length. Exact while no implant removal or discharge cuts the runs involved (callers check).
/// </summary>
public static class CoverageRuns
{
    /// <summary>The runs after a supply of <paramref name="days"/> dated <paramref name="date"/>, on or after the first run's start.</summary>
    public static ImmutableList<DayRange> Insert(ImmutableList<DayRange> runs, DateOnly date, int days)
    {
        if (days <= 0) return runs;
        var at = 0;
        while (at < runs.Count && runs[at].To < date) at++;
        var inside = at < runs.Count && runs[at].From <= date;
        var from = inside ? runs[at].From : date;
        var end = inside ? runs[at].To.AddDays(days) : date.AddDays(days - 1);
        var next = inside ? at + 1 : at;
        while (next < runs.Count && runs[next].From.DayNumber <= end.DayNumber + 1)
        {
            end = end.AddDays(runs[next].Days);
            next++;
        }
        // A supply starting the day after a run ends joins that run.
        if (!inside && at > 0 && runs[at - 1].To.DayNumber + 1 == from.DayNumber)
        {
            at--;
            from = runs[at].From;
        }
        return runs.RemoveRange(at, next - at).Insert(at, new DayRange(from, end));
    }

    /// <summary>
    /// Whether a dose or injection dated <paramref name="date"/> can be placed from the runs: dated
    /// after every supply, or inside the runs kept with no implant coverage from the day before it
    /// on (an implant it shifts would need its removal date).
    /// </summary>
    public static bool Places(ImmutableList<DayRange> runs, DateOnly? lastSupplyOn, DateOnly? lastImplantEnd, DateOnly date) =>
        lastSupplyOn is not { } last || date > last
        || runs.Count > 0 && date >= runs[0].From && (lastImplantEnd is null || lastImplantEnd < date.AddDays(-1));

    /// <summary>
    /// The runs and the coverage end after one supply (dose, injection or implant) placed from them:
    /// after the last supply, shift-forward from the coverage end (and the range it got); dated on or
    /// before the last supply, into the runs (the caller has checked that no implant is involved).
    /// </summary>
    public static (ImmutableList<DayRange> Runs, DateOnly CoverageEndsOn, DayRange? Appended) Place(
        ImmutableList<DayRange> runs, DateOnly? coverageEndsOn, DateOnly? lastSupplyOn, DateOnly date, int days)
    {
        if (lastSupplyOn is { } last && date <= last)
        {
            var moved = Insert(runs, date, days);
            return (moved, moved[^1].To, null);
        }
        var start = coverageEndsOn is { } end && end >= date ? end.AddDays(1) : date;
        var placed = new DayRange(start, start.AddDays(days - 1));
        return (Append(runs, placed), placed.To, placed);
    }

    /// <summary>Appends a placed range, joining the last run when they touch.</summary>
    public static ImmutableList<DayRange> Append(ImmutableList<DayRange> runs, DayRange placed) =>
        runs.Count > 0 && placed.From.DayNumber <= runs[^1].To.DayNumber + 1
            ? runs.SetItem(runs.Count - 1, runs[^1] with { To = placed.To > runs[^1].To ? placed.To : runs[^1].To })
            : runs.Add(placed);

    /// <summary>Runs cut at a discharge: nothing after it.</summary>
    public static ImmutableList<DayRange> StopAt(ImmutableList<DayRange> runs, DateOnly last) =>
        runs.Where(r => r.From <= last).Select(r => r.To > last ? r with { To = last } : r).ToImmutableList();

    /// <summary>The merged runs of placed ranges (which come in date order).</summary>
    public static ImmutableList<DayRange> Of(IEnumerable<DayRange> placed) => placed.Aggregate(ImmutableList<DayRange>.Empty, Append);
}
