using TreatmentPlatform.Adherence;
using TreatmentPlatform.Adherence.Reading;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Care;

/// <summary>A patient in a caseload on a day: the 30-day measures, the next dates and the alerts.</summary>
public sealed record CareOnDay(
    PatientStatus Status, MedicationForm? Form, double? Pdc30, DateOnly? LastSessionOn, DateOnly? CoverageEndsOn,
    CombinedStatus CombinedStatus, IReadOnlyList<Alert> Alerts, TreatmentProgram Program, DateOnly EnrolledOn)
{
    /// <summary>The day after the last covered one: the next dose, injection or implant is due then.</summary>
    public DateOnly? NextDueOn => CoverageEndsOn?.AddDays(1);

    /// <summary>Days of the current episode up to the day looked at, enrolment day included.</summary>
    public int DaysInTreatment(DateOnly asOf) => asOf.DayNumber - EnrolledOn.DayNumber + 1;
}

/// <summary>
/// Two ways to the same answer (docs/architecture.md, "Reads"): from the slim row when the day is
/// on or after the row's latest fact (and, for the 30-day window, inside the current episode),
/// otherwise exactly from the history as it stood that day. A property test checks they agree.
/// </summary>
public static class CareReading
{
    public const int WindowDays = 30;

    public static bool AlertsFromRow(CareRow row, DateOnly asOf) => row.LatestFactOn <= asOf;

    /// <summary>The row answers a day on or after its latest fact whose 30-day window holds no earlier episode.</summary>
    public static bool CaseloadFromRow(CareRow row, DateOnly asOf) =>
        row.LatestFactOn <= asOf && (row.EnrolledOn <= asOf.AddDays(1 - WindowDays) || row.Episode == 1);

    public static AlertInputs? Inputs(CareRow row, DateOnly asOf) => row.Status == PatientStatus.Discharged ? null
        : new AlertInputs(row.EnrolledOn, row.FirstSupplyOn is not null, row.PlanForm, row.CoverageEndsOn,
            row.Implants.Any(r => r.From <= asOf && asOf <= r.To), row.LastAttendedOn, row.LastServiceOn,
            row.OpenAttention.Select(a => a.OnsetOn).ToList(), row.CounselingFrequency);

    public static CareOnDay? FromRow(CareRow row, DateOnly asOf, ClinicSettings settings)
    {
        if (row.Status == PatientStatus.Discharged) return null;
        var from = asOf.AddDays(1 - WindowDays);
        double? pdc = null;
        if (row.FirstSupplyOn is { } first && first <= asOf)
        {
            var start = first > from ? first : from;
            pdc = (double)row.Covered.Sum(r => Overlap(r, start, asOf)) / (asOf.DayNumber - start.DayNumber + 1);
        }
        // The window lies inside the open episode, or starts before the first one: counseling days count from enrolment.
        var counselingFrom = row.EnrolledOn > from ? row.EnrolledOn : from;
        var expected = Math.Max(1, (asOf.DayNumber - counselingFrom.DayNumber + 1) / row.CounselingFrequency.Days());
        var attended = row.Attended.Count(d => d >= from && d <= asOf);
        var counselingAdherent = (decimal)Math.Min(1.0, (double)attended / expected) >= settings.CounselingThreshold;
        var status = Combined.Of(Combined.MedicationAdherent(pdc, settings.PdcThreshold), counselingAdherent);
        return new CareOnDay(row.FirstSupplyOn is null ? PatientStatus.Enrolled : PatientStatus.Active, row.PlanForm, pdc is { } p ? Math.Round(p, 4) : null,
            row.LastAttendedOn, row.CoverageEndsOn, status, Alerts.On(Inputs(row, asOf), asOf, settings), row.Program, row.EnrolledOn);
    }

    public static CareOnDay? FromHistory(Patient history, DateOnly asOf, ClinicSettings settings)
    {
        var episodes = history.Episodes.AsOf(asOf);
        var status = EpisodesAsOf.StatusOf(episodes);
        if (episodes.Count == 0 || status == PatientStatus.Discharged) return null;
        var last30 = GetAdherenceEndpoint.Measure(episodes.Select(EpisodeSummary.From).ToList(), history.CounselingFrequency, asOf.AddDays(1 - WindowDays), asOf, settings, history.Version);
        var current = episodes[^1];
        return new CareOnDay(status, current.PlanOn(asOf)?.Form, last30.Pdc, current.LastAttendedOn(),
            Coverage.CoverageEndsOn(current.ToCoverage()), last30.Status,
            Alerts.On(AlertInputs.AsOf(episodes, history.CounselingFrequency, asOf), asOf, settings), history.Program, current.EnrolledOn);
    }

    private static int Overlap(DayRange range, DateOnly from, DateOnly to)
    {
        var start = range.From > from ? range.From : from;
        var end = range.To < to ? range.To : to;
        return end < start ? 0 : end.DayNumber - start.DayNumber + 1;
    }
}
