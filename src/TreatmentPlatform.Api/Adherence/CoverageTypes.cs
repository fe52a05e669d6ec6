namespace TreatmentPlatform.Adherence;

public enum MedicationForm { Oral, Injectable, Implant }

/// <summary>Inclusive calendar-day range.</summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// One administration: its date and how many days it covers. <paramref name="EndsBefore"/>: an
/// implant removed early covers no day on or after its removal.
/// </summary>
public sealed record Supply(DateOnly Date, int CoverageDays, MedicationForm Form, DateOnly? EndsBefore = null);

/// <summary>An episode's supplies as placed: where coverage starts counting and the covered ranges with their form.</summary>
public sealed record EpisodeCoverage(DateOnly? FirstSupplyOn, DateOnly? DischargedOn, IReadOnlyList<(DayRange Range, MedicationForm Form)> Placed);

public sealed record EpisodeSupplies(int Episode, DateOnly EnrolledOn, DateOnly? DischargedOn, IReadOnlyList<Supply> Supplies);

public sealed record Gap(DateOnly From, DateOnly To, int Days);

public readonly record struct CalendarDay(DateOnly Date, bool Treatment, bool Covered);

public sealed record AdherenceMeasure(
    int TreatmentDays, int CoveredDays, double? Pdc,
    IReadOnlyList<Gap> Gaps,
    IReadOnlyList<DayRange> ContinuousSpans,
    int LongestSpanDays,
    IReadOnlyList<MedicationForm> FormsInPeriod,
    IReadOnlyList<CalendarDay> Days);
