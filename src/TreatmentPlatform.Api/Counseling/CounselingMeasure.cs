using TreatmentPlatform.Care;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Counseling;

public sealed record CounselingResult(int CounselingDays, int Expected, int Attended, int NoShows, double? Adherence, bool Adherent);

/// <summary>Counseling adherence for a period (docs/clinical-rules.md#counseling).</summary>
public static class CounselingMeasure
{
    public static CounselingResult For(IReadOnlyList<EpisodeSummary> episodes, CounselingFrequency frequency,
        DateOnly from, DateOnly to, decimal threshold)
    {
        var days = 0;
        var attended = 0;
        var noShows = 0;
        foreach (var episode in episodes)
        {
            var start = Max(from, episode.EnrolledOn);
            var end = episode.DischargedOn is { } d && d < to ? d : to;
            if (end < start) continue;
            days += end.DayNumber - start.DayNumber + 1;
            attended += episode.Attended.Count(d => d >= start && d <= end);
            noShows += episode.NoShows.Count(d => d >= start && d <= end);
        }
        var expected = days == 0 ? 0 : Math.Max(1, days / frequency.Days());
        double? adherence = expected == 0 ? null : Math.Min(1.0, (double)attended / expected);
        return new CounselingResult(days, expected, attended, noShows, adherence, adherence is { } a && (decimal)a >= threshold);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
