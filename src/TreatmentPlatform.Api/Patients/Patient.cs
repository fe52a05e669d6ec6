using System.Text.Json.Serialization;
using System.Collections.Immutable;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Patients;

/// <summary>One treatment episode: enrollment to discharge, with its plans and administrations.</summary>
public sealed record EpisodeRecord(int Number, DateOnly EnrolledOn, DateOnly? DischargedOn = null, DischargeReason? DischargeReason = null)
{
    public ImmutableList<MedicationPlanRecord> Plans { get; init; } = [];
    public ImmutableList<SupplyRecord> Supplies { get; init; } = [];
    public ImmutableList<CounselingSessionRecord> Sessions { get; init; } = [];
    public ImmutableList<CravingRecord> Cravings { get; init; } = [];
    public ImmutableList<SubstanceCheckRecord> Checks { get; init; } = [];
    public ImmutableList<AdverseEventRecord> AdverseEvents { get; init; } = [];

    public DateOnly? LastAttendedOn(DateOnly? asOf = null) =>
        Sessions.Where(s => s.Outcome == SessionOutcome.Attended && (asOf is null || s.HeldOn <= asOf))
            .Select(s => (DateOnly?)s.HeldOn).DefaultIfEmpty().Max();

    /// <summary>The last dose, injection, implant insertion or attended session (a service, docs/clinical-rules.md#episodes).</summary>
    public DateOnly? LastServiceOn()
    {
        var last = LastAttendedOn();
        foreach (var supply in Supplies)
            if (last is null || supply.Date > last) last = supply.Date;
        return last;
    }

    /// <summary>The plan in effect on a day: the last one started on or before it.</summary>
    public MedicationPlanRecord? PlanOn(DateOnly day) => Plans.LastOrDefault(p => p.StartOn <= day);

    /// <summary>The episode as the coverage engine sees it (see EpisodesAsOf for the record on an earlier day).</summary>
    public EpisodeSupplies ToCoverage() => new(Number, EnrolledOn, DischargedOn, Supplies.Select(s => s.ToSupply()).ToList());
}

public sealed record ContraindicationRecord(Guid Id, ContraindicationKind Kind, DateOnly NotedOn, DateOnly? ResolvedOn)
{
    public Contraindication ToRule() => new(Kind, NotedOn, ResolvedOn);
}

/// <summary>
/// The patient's whole treatment record, folded from their event stream one event at a time
/// (immutable; each event gives a new copy). A read model (docs/architecture.md): the adherence,
/// outcomes, FHIR and report reads and the rare commands that need history use it; commands
/// decide on the small <see cref="PatientState"/>.
/// </summary>
public sealed record Patient
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public TreatmentProgram Program { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }
    public ImmutableList<EpisodeRecord> Episodes { get; init; } = [];
    public ImmutableList<OpioidFreeVerification> Verifications { get; init; } = [];
    public ImmutableList<ContraindicationRecord> Contraindications { get; init; } = [];

    public ImmutableList<ConsentRecord> Consents { get; init; } = [];
    public ImmutableList<DisclosureRecord> Disclosures { get; init; } = [];
    public bool DemographicsErased { get; init; }

    // Indexed for the reports' candidate query.
    public DateOnly FirstEnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }

    /// <summary>The latest date any event named (a high-water mark): state on a day after it is today's state.</summary>
    public DateOnly LatestFactOn { get; init; }

    /// <summary>Derived, not stored: stored, it repeated the last episode and doubled the record.</summary>
    [JsonIgnore] public EpisodeRecord CurrentEpisode => Episodes[^1];

    private static Patient Start(PatientEnrolled e) => new Patient
    {
        Id = e.PatientId,
        Program = e.Program,
        CounselorId = e.CounselorId,
        CounselingFrequency = e.CounselingFrequency,
        FirstEnrolledOn = e.EnrolledOn,
    }.StartEpisode(new EpisodeRecord(e.Episode, e.EnrolledOn));

    /// <summary>The one place that says how each event changes the record.</summary>
    public static Patient? Next(Patient? patient, object @event) =>
        Change(patient, @event) is { } next ? next with { LatestFactOn = Later(next.LatestFactOn, FactDate(@event)), DischargedOn = next.CurrentEpisode.DischargedOn } : null;

    /// <summary>The record after an event stored at a stream version (null when the event does not apply).</summary>
    public static Patient? NextAt(Patient? patient, object @event, long version) =>
        Next(patient, @event) is { } next ? next with { Version = version } : null;

    private static Patient? Change(Patient? patient, object @event) => (patient, @event) switch
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
        ({ } p, MedicationPlanSet e) => p.WithEpisode(ep => ep with
        {
            Plans = ep.Plans.Add(new MedicationPlanRecord(e.Form, e.StartOn, e.DoseMg, e.Schedule, e.CoverageDays, e.Product)),
        }),
        ({ } p, OralDoseTaken e) => p.AddSupply(new SupplyRecord(e.DoseId, MedicationForm.Oral, e.TakenOn, e.DoseMg, Coverage.OralCoverageDays(e.DoseMg))),
        ({ } p, InjectionAdministered e) => p.AddSupply(new SupplyRecord(e.InjectionId, MedicationForm.Injectable, e.AdministeredOn, e.DoseMg,
            Coverage.InjectionCoverageDays, Site: e.Site)),
        ({ } p, ImplantInserted e) => p.AddSupply(new SupplyRecord(e.ImplantId, MedicationForm.Implant, e.InsertedOn, 0, e.CoverageDays, Product: e.Product)),
        ({ } p, ImplantRemoved e) => p.WithEpisode(ep => ep with
        {
            Supplies = ep.Supplies.Select(x => x.Id == e.ImplantId ? x with { RemovedOn = e.RemovedOn } : x).ToImmutableList(),
        }),
        ({ } p, SupplyEnteredInError e) => p with
        {
            Episodes = p.Episodes.Select(ep => ep with { Supplies = ep.Supplies.RemoveAll(x => x.Id == e.SupplyId) }).ToImmutableList(),
        },
        ({ } p, CounselingSessionRecorded e) => p.WithEpisode(ep => ep with
        {
            Sessions = ep.Sessions.Add(new CounselingSessionRecord(e.SessionId, e.CounselorId, e.HeldOn, e.Minutes, e.Modality, e.Outcome)),
        }),
        ({ } p, CounselingSessionCorrected e) => p with
        {
            Episodes = p.Episodes.Select(ep => ep with
            {
                Sessions = ep.Sessions.Select(x => x.Id == e.SessionId
                    ? x with { HeldOn = e.HeldOn, Minutes = e.Minutes, Modality = e.Modality, Outcome = e.Outcome }
                    : x).ToImmutableList(),
            }).ToImmutableList(),
        },
        ({ } p, CravingAssessed e) => p.WithEpisode(ep => ep with { Cravings = ep.Cravings.Add(new CravingRecord(e.AssessmentId, e.AssessedOn, e.Substance, e.Score)) }),
        ({ } p, SubstanceUseChecked e) => p.WithEpisode(ep => ep with
        {
            Checks = ep.Checks.Add(new SubstanceCheckRecord(e.CheckId, e.CheckedOn, e.Method, e.Substance, e.Result)),
        }),
        ({ } p, AdverseEventReported e) => p.WithEpisode(ep => ep with
        {
            AdverseEvents = ep.AdverseEvents.Add(new AdverseEventRecord(e.EventId, e.OnsetOn, e.Kind, e.Severity, e.ResolvedOn)),
        }),
        ({ } p, AdverseEventResolved e) => p with
        {
            Episodes = p.Episodes.Select(ep => ep with
            {
                AdverseEvents = ep.AdverseEvents.Select(a => a.Id == e.EventId ? a with { ResolvedOn = e.ResolvedOn } : a).ToImmutableList(),
            }).ToImmutableList(),
        },
        ({ } p, OutcomeEnteredInError e) => p with
        {
            Episodes = p.Episodes.Select(ep => ep with
            {
                Cravings = ep.Cravings.RemoveAll(x => x.Id == e.RecordId),
                Checks = ep.Checks.RemoveAll(x => x.Id == e.RecordId),
                AdverseEvents = ep.AdverseEvents.RemoveAll(x => x.Id == e.RecordId),
            }).ToImmutableList(),
        },
        ({ } p, ConsentGranted e) => p with
        {
            Consents = p.Consents.Add(ConsentRecord.From(e)),
        },
        ({ } p, ConsentRevoked e) => p with
        {
            Consents = p.Consents.Select(c => c.Id == e.ConsentId ? c with { RevokedOn = e.RevokedOn } : c).ToImmutableList(),
        },
        ({ } p, RecordDisclosed e) => p with
        {
            Disclosures = p.Disclosures.Add(new DisclosureRecord(e.DisclosureId, e.ConsentId, e.Recipient, e.Purpose, e.Scope, e.DisclosedAt, e.DisclosedBy)),
        },
        ({ } p, Patients.DemographicsErased) => p with { DemographicsErased = true },
        ({ } p, _) => p,
    };

    public AdverseEventRecord? FindAdverseEvent(Guid id) => Episodes.SelectMany(e => e.AdverseEvents).FirstOrDefault(a => a.Id == id);

    public bool HasOutcomeRecord(Guid id) => Episodes.Any(e =>
        e.Cravings.Any(x => x.Id == id) || e.Checks.Any(x => x.Id == id) || e.AdverseEvents.Any(x => x.Id == id));

    public CounselingSessionRecord? FindSession(Guid id) => Episodes.SelectMany(e => e.Sessions).FirstOrDefault(s => s.Id == id);

    public SupplyRecord? FindSupply(Guid id) => Episodes.SelectMany(e => e.Supplies).FirstOrDefault(s => s.Id == id);

    private Patient AddSupply(SupplyRecord supply) => WithEpisode(ep => ep with { Supplies = ep.Supplies.Add(supply) });

    private Patient WithEpisode(Func<EpisodeRecord, EpisodeRecord> change) =>
        this with { Episodes = Episodes.SetItem(Episodes.Count - 1, change(CurrentEpisode)) };

    private Patient StartEpisode(EpisodeRecord episode) => this with { Episodes = Episodes.Add(episode) };

    private Patient EndEpisode(DateOnly on, DischargeReason reason) => this with
    {
        Episodes = Episodes.SetItem(Episodes.Count - 1, CurrentEpisode with { DischargedOn = on, DischargeReason = reason }),
    };

    /// <summary>The treatment date an event names, if any (the dates that change state as of a day).</summary>
    public static DateOnly? FactDate(object @event) => @event switch
    {
        PatientEnrolled e => e.EnrolledOn,
        PatientReadmitted e => e.EnrolledOn,
        PatientDischarged e => e.DischargedOn,
        MedicationPlanSet e => e.StartOn,
        OralDoseTaken e => e.TakenOn,
        InjectionAdministered e => e.AdministeredOn,
        ImplantInserted e => e.InsertedOn,
        ImplantRemoved e => e.RemovedOn,
        CounselingSessionRecorded e => e.HeldOn,
        CounselingSessionCorrected e => e.HeldOn,
        CravingAssessed e => e.AssessedOn,
        SubstanceUseChecked e => e.CheckedOn,
        AdverseEventReported e => Later(e.OnsetOn, e.ResolvedOn),
        AdverseEventResolved e => e.ResolvedOn,
        _ => null,
    };

    private static DateOnly Later(DateOnly a, DateOnly? b) => b is { } d && d > a ? d : a;
}
