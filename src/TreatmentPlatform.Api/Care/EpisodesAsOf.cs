using System.Collections.Immutable;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

public static class EpisodesAsOf
{
    /// <summary>
    /// The record as it stood on <paramref name="asOf"/>: only facts dated on or before it
    /// (docs/clinical-rules.md#worklist-alerts: state on a day counts only facts dated on or before it).
    /// </summary>
    public static IReadOnlyList<EpisodeRecord> AsOf(this IReadOnlyList<EpisodeRecord> episodes, DateOnly asOf) =>
        episodes.Where(e => e.EnrolledOn <= asOf).Select(e => e with
        {
            DischargedOn = e.DischargedOn <= asOf ? e.DischargedOn : null,
            DischargeReason = e.DischargedOn <= asOf ? e.DischargeReason : null,
            Plans = e.Plans.RemoveAll(p => p.StartOn > asOf),
            Supplies = e.Supplies.RemoveAll(s => s.Date > asOf)
                .Select(s => s.RemovedOn > asOf ? s with { RemovedOn = null } : s).ToImmutableList(),
            Sessions = e.Sessions.RemoveAll(s => s.HeldOn > asOf),
            Cravings = e.Cravings.RemoveAll(c => c.AssessedOn > asOf),
            Checks = e.Checks.RemoveAll(c => c.CheckedOn > asOf),
            AdverseEvents = e.AdverseEvents.RemoveAll(a => a.OnsetOn > asOf)
                .Select(a => a.ResolvedOn > asOf ? a with { ResolvedOn = null } : a).ToImmutableList(),
        }).ToList();

    public static PatientStatus StatusOf(IReadOnlyList<EpisodeRecord> episodesAsOf) =>
        episodesAsOf.Count == 0 ? PatientStatus.Enrolled
        : episodesAsOf[^1].DischargedOn is not null ? PatientStatus.Discharged
        : episodesAsOf[^1].Supplies.Count > 0 ? PatientStatus.Active
        : PatientStatus.Enrolled;
}
