using System.Collections.Immutable;
using TreatmentPlatform.Induction;

namespace TreatmentPlatform.Patients;

/// <summary>One treatment episode: enrollment to discharge.</summary>
public sealed record EpisodeRecord(int Number, DateOnly EnrolledOn, DateOnly? DischargedOn = null, DischargeReason? DischargeReason = null);

public sealed record ContraindicationRecord(Guid Id, ContraindicationKind Kind, DateOnly NotedOn, DateOnly? ResolvedOn)
{
    public Contraindication ToRule() => new(Kind, NotedOn, ResolvedOn);
}

/// <summary>
/// The patient's treatment record folded from their event stream (immutable; each event gives a
/// new copy). Marten keeps it inline as the per-patient read model used by reads and lists.
/// </summary>
public sealed record Patient
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public TreatmentProgram Program { get; init; }
    public PatientStatus Status { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }
    public ImmutableList<EpisodeRecord> Episodes { get; init; } = [];
    public ImmutableList<OpioidFreeVerification> Verifications { get; init; } = [];
    public ImmutableList<ContraindicationRecord> Contraindications { get; init; } = [];

    // Flattened facts of the current episode, for indexed queries.
    public int Episode { get; init; }
    public DateOnly EnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }
    public DischargeReason? DischargeReason { get; init; }

    /// <summary>The last dose, injection, implant insertion or attended session of the current episode.</summary>
    public DateOnly? LastServiceOn { get; init; }

    public bool IsDischarged => Status == PatientStatus.Discharged;
    public EpisodeRecord CurrentEpisode => Episodes[^1];

    private static Patient Start(PatientEnrolled e) => new Patient
    {
        Id = e.PatientId,
        Program = e.Program,
        CounselorId = e.CounselorId,
        CounselingFrequency = e.CounselingFrequency,
    }.StartEpisode(new EpisodeRecord(e.Episode, e.EnrolledOn));

    /// <summary>The one place that says how each event changes the record.</summary>
    public static Patient? Next(Patient? patient, object @event) => (patient, @event) switch
    {
        (null, PatientEnrolled e) => Start(e),
        (null, _) => null,
        ({ } p, OpioidFreeVerified e) => p with
        {
            Verifications = p.Verifications.Add(new OpioidFreeVerification(e.VerifiedOn, e.Method, e.Result, e.LastOpioidUseOn, e.LastOpioidKind)),
        },
        ({ } p, ContraindicationNoted e) => p with
        {
            Contraindications = p.Contraindications.Add(new ContraindicationRecord(e.ContraindicationId, e.Kind, e.NotedOn, e.ResolvedOn)),
        },
        ({ } p, ContraindicationResolved e) => p with
        {
            Contraindications = p.Contraindications.Select(c => c.Id == e.ContraindicationId ? c with { ResolvedOn = e.ResolvedOn } : c).ToImmutableList(),
        },
        ({ } p, CounselorAssigned e) => p with { CounselorId = e.CounselorId },
        ({ } p, CounselingFrequencySet e) => p with { CounselingFrequency = e.CounselingFrequency },
        ({ } p, PatientDischarged e) => p.EndEpisode(e.DischargedOn, e.Reason),
        ({ } p, PatientReadmitted e) => p.StartEpisode(new EpisodeRecord(e.Episode, e.EnrolledOn)),
        ({ } p, _) => p,
    };

    private Patient StartEpisode(EpisodeRecord episode) => this with
    {
        Episodes = Episodes.Add(episode),
        Status = PatientStatus.Enrolled,
        Episode = episode.Number,
        EnrolledOn = episode.EnrolledOn,
        DischargedOn = null,
        DischargeReason = null,
        LastServiceOn = null,
    };

    private Patient EndEpisode(DateOnly on, DischargeReason reason) => this with
    {
        Episodes = Episodes.SetItem(Episodes.Count - 1, CurrentEpisode with { DischargedOn = on, DischargeReason = reason }),
        Status = PatientStatus.Discharged,
        DischargedOn = on,
        DischargeReason = reason,
    };
}
