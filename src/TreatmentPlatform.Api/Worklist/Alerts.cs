using System.Text.Json.Serialization;
using TreatmentPlatform.Adherence;
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

/// <summary>The worklist alerts of domain.md, as pure functions of a patient's record as of a day.</summary>
public static class Alerts
{
    /// <param name="episodes">The episodes as of <paramref name="asOf"/> (see EpisodesAsOf).</param>
    public static IReadOnlyList<Alert> On(IReadOnlyList<EpisodeRecord> episodes, CounselingFrequency frequency, DateOnly asOf, ClinicSettings settings)
    {
        if (episodes.Count == 0 || episodes[^1].DischargedOn is not null) return [];
        var episode = episodes[^1];
        var alerts = new List<Alert>();
        var plan = episode.PlanOn(asOf);
        var coverageEndsOn = Coverage.CoverageEndsOn(episode.ToCoverage());

        if (episode.Supplies.Count == 0)
        {
            var due = episode.EnrolledOn.AddDays(settings.InductionPendingDays);
            if (asOf >= due) alerts.Add(new Alert(AlertKind.InductionPending, AlertSeverity.Medium, due));
        }
        else if (coverageEndsOn is { } end)
        {
            if (plan?.Form == MedicationForm.Injectable && end >= asOf && end <= asOf.AddDays(settings.InjectionDueWindowDays))
                alerts.Add(new Alert(AlertKind.InjectionDue, AlertSeverity.Medium, end.AddDays(-settings.InjectionDueWindowDays)));
            if (plan?.Form == MedicationForm.Implant && episode.Supplies.Any(s => s.Form == MedicationForm.Implant)
                && end >= asOf && end <= asOf.AddDays(settings.ImplantExpiringWindowDays))
                alerts.Add(new Alert(AlertKind.ImplantExpiring, AlertSeverity.Low, end.AddDays(-settings.ImplantExpiringWindowDays)));
            if (end < asOf)
            {
                var gap = asOf.DayNumber - end.DayNumber;
                alerts.Add(new Alert(AlertKind.MedicationGap, gap <= 2 ? AlertSeverity.Low : gap <= 7 ? AlertSeverity.Medium : AlertSeverity.High,
                    end.AddDays(1), gap));
            }
        }

        var counseledOn = episode.LastAttendedOn() ?? episode.EnrolledOn;
        var overdueAfter = settings.CounselingOverdueFactor * frequency.Days();
        if (asOf.DayNumber - counseledOn.DayNumber > overdueAfter)
            alerts.Add(new Alert(AlertKind.CounselingOverdue, AlertSeverity.Medium, counseledOn.AddDays((int)Math.Floor(overdueAfter) + 1)));

        var lastService = LastService(episode) ?? episode.EnrolledOn;
        if (asOf.DayNumber - lastService.DayNumber >= settings.InactiveDays)
            alerts.Add(new Alert(AlertKind.Inactive30Days, AlertSeverity.High, lastService.AddDays(settings.InactiveDays)));

        foreach (var adverse in episode.AdverseEvents.Where(a => a.NeedsAttention && a.OnsetOn <= asOf && (a.ResolvedOn is null || a.ResolvedOn > asOf)))
            alerts.Add(new Alert(AlertKind.AdverseEvent, AlertSeverity.High, adverse.OnsetOn));

        return alerts;
    }

    /// <summary>A service is a dose, injection, implant insertion or attended session.</summary>
    public static DateOnly? LastService(EpisodeRecord episode)
    {
        DateOnly? last = episode.LastAttendedOn();
        foreach (var supply in episode.Supplies)
            if (last is null || supply.Date > last) last = supply.Date;
        return last;
    }
}
