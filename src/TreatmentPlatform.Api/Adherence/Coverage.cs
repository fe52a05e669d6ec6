namespace TreatmentPlatform.Adherence;

/// <summary>
/// The coverage engine (docs/clinical-rules.md#medication-forms-and-coverage): supplies processed in date order, each starting
/// the day after the previous coverage ends if it overlaps (PQA shift-forward), per episode and
/// never past the episode's discharge.
/// </summary>
public static class Coverage
{
    public const int InjectionCoverageDays = 28;
    public const int DefaultImplantCoverageDays = 180;

    public static int OralCoverageDays(int doseMg) => Math.Max(1, doseMg / 50);

    /// <summary>Covered days of one episode's supplies as merged ranges in date order, none after <paramref name="stopAfter"/>.</summary>
    public static IReadOnlyList<DayRange> CoveredRanges(IEnumerable<Supply> supplies, DateOnly? stopAfter = null) =>
        CoverageRuns.Of(Placed(supplies, stopAfter).Select(p => p.Range));

    public static DateOnly? CoverageEndsOn(EpisodeSupplies episode)
    {
        var placed = Placed(episode.Supplies, episode.DischargedOn);
        return placed.Count == 0 ? null : placed[^1].Range.To;
    }

    public static AdherenceMeasure Measure(IReadOnlyList<EpisodeSupplies> episodes, DateOnly from, DateOnly to, int continuityGapDays = 8) =>
        Measure(episodes.Select(e => new EpisodeCoverage(e.Supplies.Count == 0 ? null : e.Supplies.Min(s => s.Date), e.DischargedOn,
            Placed(e.Supplies, e.DischargedOn))).ToList(), from, to, continuityGapDays);

    /// <summary>The measure over episodes whose supplies are already placed (the reports' summaries keep them so).</summary>
    public static AdherenceMeasure Measure(IReadOnlyList<EpisodeCoverage> episodes, DateOnly from, DateOnly to, int continuityGapDays = 8)
    {
        var length = Math.Max(0, to.DayNumber - from.DayNumber + 1);
        var treatment = new bool[length];
        var covered = new bool[length];
        var forms = new HashSet<MedicationForm>();
        var spans = new List<DayRange>();

        foreach (var episode in episodes)
        {
            if (episode.FirstSupplyOn is not { } first) continue;
            var last = episode.DischargedOn is { } discharged && discharged < to ? discharged : to;
            if (last < first) continue;
            Mark(treatment, from, new DayRange(first, last));

            var placed = episode.Placed;
            foreach (var (range, form) in placed)
            {
                if (Clip(range, Max(first, from), last) is not { } inPeriod) continue;
                Mark(covered, from, inPeriod);
                forms.Add(form);
            }

            // Spans join covered runs across gaps shorter than the continuity gap, using the
            // episode's history before the period too, then are clipped to the period.
            foreach (var span in Spans(CoverageRuns.Of(placed.Select(p => p.Range)), last, continuityGapDays))
                if (Clip(span, from, to) is { } clipped) spans.Add(clipped);
        }

        var treatmentDays = 0;
        var coveredDays = 0;
        var gaps = new List<Gap>();
        var days = new CalendarDay[length];
        var gapStart = -1;
        for (var i = 0; i < length; i++)
        {
            var isCovered = treatment[i] && covered[i];
            days[i] = new CalendarDay(from.AddDays(i), treatment[i], isCovered);
            if (treatment[i]) treatmentDays++;
            if (isCovered) coveredDays++;
            var uncovered = treatment[i] && !covered[i];
            if (uncovered && gapStart < 0) gapStart = i;
            if (!uncovered && gapStart >= 0)
            {
                gaps.Add(new Gap(from.AddDays(gapStart), from.AddDays(i - 1), i - gapStart));
                gapStart = -1;
            }
        }
        if (gapStart >= 0) gaps.Add(new Gap(from.AddDays(gapStart), from.AddDays(length - 1), length - gapStart));

        spans.Sort((a, b) => a.From.CompareTo(b.From));
        return new AdherenceMeasure(
            treatmentDays, coveredDays, treatmentDays == 0 ? null : (double)coveredDays / treatmentDays,
            gaps, spans, spans.Count == 0 ? 0 : spans.Max(s => s.Days),
            Enum.GetValues<MedicationForm>().Where(forms.Contains).ToList(), days);
    }

    /// <summary>Where the last placed implant coverage ends, if any.</summary>
    public static DateOnly? LastImplantEnd(IReadOnlyList<(DayRange Range, MedicationForm Form)> placed)
    {
        for (var i = placed.Count - 1; i >= 0; i--)
            if (placed[i].Form == MedicationForm.Implant) return placed[i].Range.To;
        return null;
    }

    /// <summary>Shift-forward placement, in date order (each range ends after the one before); the order of the input does not matter.</summary>
    public static List<(DayRange Range, MedicationForm Form)> Placed(IEnumerable<Supply> supplies, DateOnly? stopAfter)
    {
        var placed = new List<(DayRange, MedicationForm)>();
        DateOnly? coveredThrough = null;
        foreach (var supply in supplies.OrderBy(s => s.Date).ThenBy(s => s.Form).ThenBy(s => s.CoverageDays).ThenBy(s => s.EndsBefore))
        {
            if (supply.CoverageDays <= 0) continue;
            var start = coveredThrough is { } through && through >= supply.Date ? through.AddDays(1) : supply.Date;
            var end = start.AddDays(supply.CoverageDays - 1);
            if (supply.EndsBefore is { } removed && end >= removed) end = removed.AddDays(-1);
            if (stopAfter is { } stop && end > stop) end = stop;
            if (end < start) continue;
            placed.Add((new DayRange(start, end), supply.Form));
            coveredThrough = end;
        }
        return placed;
    }

    private static IEnumerable<DayRange> Spans(IReadOnlyList<DayRange> covered, DateOnly last, int continuityGapDays)
    {
        DayRange? current = null;
        foreach (var range in covered)
        {
            if (range.From > last) break;
            var clipped = range with { To = range.To > last ? last : range.To };
            if (current is { } c && clipped.From.DayNumber - c.To.DayNumber - 1 < continuityGapDays)
                current = c with { To = clipped.To };
            else
            {
                if (current is { } done) yield return done;
                current = clipped;
            }
        }
        if (current is { } final) yield return final;
    }

    private static DayRange? Clip(DayRange range, DateOnly from, DateOnly to)
    {
        var start = Max(range.From, from);
        var end = range.To < to ? range.To : to;
        return end < start ? null : new DayRange(start, end);
    }

    private static void Mark(bool[] days, DateOnly origin, DayRange range)
    {
        var start = Math.Max(0, range.From.DayNumber - origin.DayNumber);
        var end = Math.Min(days.Length - 1, range.To.DayNumber - origin.DayNumber);
        for (var i = start; i <= end; i++) days[i] = true;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
