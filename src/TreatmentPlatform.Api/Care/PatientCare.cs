using JasperFx;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// The per-patient read model behind adherence, the worklist and caseloads. Wolverine handlers
/// keep it in step with the patient's events; its flattened dates are indexed so the worklist
/// narrows candidates in SQL, and its episodes let state on any past day be computed exactly.
/// </summary>
public sealed record PatientCare : IRevisioned
{
    public Guid Id { get; init; }

    /// <summary>The stream version this read model reflects.</summary>
    public int Version { get; set; }

    public PatientStatus Status { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }
    public TreatmentProgram Program { get; init; }
    public int Episode { get; init; }
    public DateOnly EnrolledOn { get; init; }
    public DateOnly FirstEnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }
    public MedicationForm? Form { get; init; }
    public DateOnly? FirstSupplyOn { get; init; }
    public DateOnly? CoverageEndsOn { get; init; }
    public DateOnly? LastServiceOn { get; init; }
    public DateOnly? LastAttendedSessionOn { get; init; }

    /// <summary>The latest date of any fact; a worklist asked about an earlier day recomputes this patient exactly.</summary>
    public DateOnly LatestFactOn { get; init; }

    public IReadOnlyList<EpisodeRecord> Episodes { get; init; } = [];

    public static PatientCare From(Patient patient) => new()
    {
        Id = patient.Id,
        Version = (int)patient.Version,
        Status = patient.Status,
        CounselorId = patient.CounselorId,
        CounselingFrequency = patient.CounselingFrequency,
        Program = patient.Program,
        Episode = patient.Episode,
        EnrolledOn = patient.EnrolledOn,
        FirstEnrolledOn = patient.Episodes[0].EnrolledOn,
        DischargedOn = patient.DischargedOn,
        Form = patient.MedicationPlan?.Form,
        FirstSupplyOn = patient.FirstSupplyOn,
        CoverageEndsOn = patient.CoverageEndsOn,
        LastServiceOn = patient.LastServiceOn,
        LastAttendedSessionOn = patient.LastAttendedSessionOn,
        LatestFactOn = LatestFact(patient),
        Episodes = patient.Episodes,
    };

    private static DateOnly LatestFact(Patient patient)
    {
        var latest = DateOnly.MinValue;
        foreach (var episode in patient.Episodes)
        {
            latest = Max(latest, episode.EnrolledOn);
            if (episode.DischargedOn is { } d) latest = Max(latest, d);
            foreach (var plan in episode.Plans) latest = Max(latest, plan.StartOn);
            foreach (var supply in episode.Supplies)
            {
                latest = Max(latest, supply.Date);
                if (supply.RemovedOn is { } r) latest = Max(latest, r);
            }
            foreach (var session in episode.Sessions) latest = Max(latest, session.HeldOn);
            foreach (var craving in episode.Cravings) latest = Max(latest, craving.AssessedOn);
            foreach (var check in episode.Checks) latest = Max(latest, check.CheckedOn);
            foreach (var adverse in episode.AdverseEvents) latest = Max(latest, adverse.ResolvedOn is { } r && r > adverse.OnsetOn ? r : adverse.OnsetOn);
        }
        return latest;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
