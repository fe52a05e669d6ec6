using System.Text.Json.Serialization;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Worklist;

public enum AlertKind
{
    InductionPending,
    InjectionDue,
    ImplantExpiring,
    MedicationGap,
    CounselingOverdue,
    [JsonStringEnumMemberName("inactive-30-days")] Inactive30Days,
    AdverseEvent,
}

public enum AlertSeverity { Low, Medium, High }

public sealed record Alert(AlertKind Kind, AlertSeverity Severity, DateOnly Since, int? GapDays = null);

/// <summary>
/// What the alerts of one patient on one day depend on. The worklist builds it from the slim
/// care row (a day on or after the row's latest fact) or from the history as it stood on an
/// earlier day; both give the same inputs (a property test checks it).
/// </summary>
public sealed record AlertInputs(
    DateOnly EnrolledOn, bool HasSupply, MedicationForm? PlanForm, DateOnly? CoverageEndsOn, bool ImplantCovers,
    DateOnly? LastAttendedOn, DateOnly? LastServiceOn, IReadOnlyList<DateOnly> OpenAttentionOnsets, CounselingFrequency Frequency)
{
    /// <summary>From the episodes as of <paramref name="asOf"/> (see EpisodesAsOf); null when there is no open episode.</summary>
    public static AlertInputs? AsOf(IReadOnlyList<EpisodeRecord> episodes, CounselingFrequency frequency, DateOnly asOf)
    {
        if (episodes.Count == 0 || episodes[^1].DischargedOn is not null) return null;
        var episode = episodes[^1];
        var placed = Coverage.Placed(episode.Supplies.Select(s => s.ToSupply()), null);
        return new AlertInputs(episode.EnrolledOn, episode.Supplies.Count > 0, episode.PlanOn(asOf)?.Form,
            placed.Count == 0 ? null : placed[^1].Range.To,
            placed.Any(p => p.Form == MedicationForm.Implant && p.Range.From <= asOf && asOf <= p.Range.To),
            episode.LastAttendedOn(), episode.LastServiceOn(),
            episode.AdverseEvents.Where(a => a.NeedsAttention && a.OnsetOn <= asOf && (a.ResolvedOn is null || a.ResolvedOn > asOf))
                .Select(a => a.OnsetOn).ToList(),
            frequency);
    }
}

/// <summary>The worklist alerts (docs/clinical-rules.md#worklist-alerts), as pure functions of a patient's inputs on a day.</summary>
public static class Alerts
{
    public static IReadOnlyList<Alert> On(AlertInputs? inputs, DateOnly asOf, ClinicSettings settings)
    {
        if (inputs is null) return [];
        var alerts = new List<Alert>();

        if (!inputs.HasSupply)
        {
            var due = inputs.EnrolledOn.AddDays(settings.InductionPendingDays);
            if (asOf >= due) alerts.Add(new Alert(AlertKind.InductionPending, AlertSeverity.Medium, due));
        }
        else if (inputs.CoverageEndsOn is { } end)
        {
            if (inputs.PlanForm == MedicationForm.Injectable && end >= asOf && end <= asOf.AddDays(settings.InjectionDueWindowDays))
                alerts.Add(new Alert(AlertKind.InjectionDue, AlertSeverity.Medium, end.AddDays(-settings.InjectionDueWindowDays)));
            // Whatever plan is in effect: an implant still covering today is what expires.
            if (inputs.ImplantCovers && end >= asOf && end <= asOf.AddDays(settings.ImplantExpiringWindowDays))
                alerts.Add(new Alert(AlertKind.ImplantExpiring, AlertSeverity.Low, end.AddDays(-settings.ImplantExpiringWindowDays)));
            if (end < asOf)
            {
                var gap = asOf.DayNumber - end.DayNumber;
                alerts.Add(new Alert(AlertKind.MedicationGap, gap <= 2 ? AlertSeverity.Low : gap <= 7 ? AlertSeverity.Medium : AlertSeverity.High,
                    end.AddDays(1), gap));
            }
        }

        var counseledOn = inputs.LastAttendedOn ?? inputs.EnrolledOn;
        var overdueAfter = settings.CounselingOverdueFactor * inputs.Frequency.Days();
        if (asOf.DayNumber - counseledOn.DayNumber > overdueAfter)
            alerts.Add(new Alert(AlertKind.CounselingOverdue, AlertSeverity.Medium, counseledOn.AddDays((int)Math.Floor(overdueAfter) + 1)));

        var lastService = inputs.LastServiceOn ?? inputs.EnrolledOn;
        if (asOf.DayNumber - lastService.DayNumber >= settings.InactiveDays)
            alerts.Add(new Alert(AlertKind.Inactive30Days, AlertSeverity.High, lastService.AddDays(settings.InactiveDays)));

        foreach (var onset in inputs.OpenAttentionOnsets)
            alerts.Add(new Alert(AlertKind.AdverseEvent, AlertSeverity.High, onset));

        return alerts;
    }
}
