using System.Text.Json.Serialization;
using System.Collections.Immutable;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Patients;

public sealed record LastInjection(DateOnly On, InjectionSite Site);

public sealed record OpenImplant(Guid Id, DateOnly InsertedOn);

/// <summary>
/// What the next command on a patient decides on, and nothing more (docs/architecture.md, "Write
/// state"): it stays a few hundred bytes however long the history grows. Histories, calendars and
/// lists belong to the read models. Kept inline, in the transaction that appends the events.
/// </summary>
public sealed record PatientState
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public TreatmentProgram Program { get; init; }
    public PatientStatus Status { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }

    public int Episode { get; init; }
    public DateOnly EnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }
    public DischargeReason? DischargeReason { get; init; }

    /// <summary>The current episode's plans: a plan applies from its start, so a dated administration needs the one in effect then.</summary>
    public ImmutableList<MedicationPlanRecord> Plans { get; init; } = [];

    public DateOnly? FirstSupplyOn { get; init; }

    /// <summary>The latest supply date: a supply dated after it is placed from <see cref="CoverageEndsOn"/> alone.</summary>
    public DateOnly? LastSupplyOn { get; init; }

    public DateOnly? CoverageEndsOn { get; init; }

    /// <summary>The episode's covered runs ending within <see cref="BackDatingDays"/> of the last supply: a back-dated supply is placed into them.</summary>
    public ImmutableList<DayRange> Runs { get; init; } = [];

    /// <summary>Where the episode's last placed implant coverage ends: a supply dated before it may move it.</summary>
    public DateOnly? LastImplantEnd { get; init; }

    /// <summary>How far back a supply can be dated and still be placed from the state alone.</summary>
    public const int BackDatingDays = 60;

    /// <summary>The last dose, injection, implant insertion or attended session of the current episode.</summary>
    public DateOnly? LastServiceOn { get; init; }

    public LastInjection? LastInjection { get; init; }
    public ImmutableList<OpenImplant> OpenImplants { get; init; } = [];

    public ImmutableList<OpioidFreeVerification> Verifications { get; init; } = [];
    public ImmutableList<ContraindicationRecord> Contraindications { get; init; } = [];

    /// <summary>Unresolved adverse events (any episode): the ones a resolution can name.</summary>
    public ImmutableList<AdverseEventRecord> OpenAdverseEvents { get; init; } = [];

    /// <summary>Every hepatotoxicity event with its resolution: it blocks a plan start while open on that day.</summary>
    public ImmutableList<AdverseEventRecord> HepatotoxicEvents { get; init; } = [];

    public ImmutableList<ConsentRecord> Consents { get; init; } = [];
    public bool DemographicsErased { get; init; }

    // Derived: not stored (the state stays what commands decide on).
    [JsonIgnore] public bool IsDischarged => Status == PatientStatus.Discharged;
    [JsonIgnore] public MedicationPlanRecord? MedicationPlan => Plans.IsEmpty ? null : Plans[^1];

    /// <summary>The plan in effect on a day: the last one started on or before it.</summary>
    public MedicationPlanRecord? PlanOn(DateOnly day) => Plans.LastOrDefault(p => p.StartOn <= day);

    [JsonIgnore] public IReadOnlyList<Hepatotoxicity> Hepatotoxicity => HepatotoxicEvents.Select(a => new Hepatotoxicity(a.OnsetOn, a.ResolvedOn)).ToList();

    /// <summary>
    /// Events whose effect on coverage depends on supplies the state does not keep (a back-dated
    /// supply, a second one on the same day (same-day supplies are placed by form), a removal, an
    /// entry in error) or on sessions (a correction): the state after them is derived from the
    /// history. Rare by nature; the next day's dose is never one.
    /// </summary>
    public bool NeedsHistory(object @event) => @event switch
    {
        OralDoseTaken e => !PlacedFromState(e.TakenOn),
        InjectionAdministered e => !PlacedFromState(e.AdministeredOn) || e.AdministeredOn < LastInjection?.On,
        ImplantInserted e => e.InsertedOn <= LastSupplyOn,
        PatientDischarged e => LastImplantEnd > e.DischargedOn,
        ImplantRemoved or SupplyEnteredInError or CounselingSessionCorrected => true,
        _ => false,
    };

    private bool PlacedFromState(DateOnly date) => CoverageRuns.Places(Runs, LastSupplyOn, LastImplantEnd, date);

    /// <summary>The state after an event, for every event <see cref="NeedsHistory"/> does not claim.</summary>
    public static PatientState? Next(PatientState? state, object @event, long version) => (state, @event) switch
    {
        (null, PatientEnrolled e) => Start(e) with { Version = version },
        (null, _) => null,
        ({ } s, _) => Change(s, @event) with { Version = version },
    };

    private static PatientState Start(PatientEnrolled e) => new PatientState
    {
        Id = e.PatientId,
        Program = e.Program,
        CounselorId = e.CounselorId,
        CounselingFrequency = e.CounselingFrequency,
    }.NewEpisode(e.Episode, e.EnrolledOn);

    private static PatientState Change(PatientState s, object @event) => @event switch
    {
        OpioidFreeVerified e => s with
        {
            Verifications = s.Verifications.Add(new OpioidFreeVerification(e.VerifiedOn, e.Method, e.Result, e.LastOpioidUseOn, e.LastOpioidKind)),
        },
        ContraindicationNoted e => s with
        {
            Contraindications = s.Contraindications.Add(new ContraindicationRecord(e.ContraindicationId, e.Kind, e.NotedOn, e.ResolvedOn)),
        },
        ContraindicationResolved e => s with
        {
            Contraindications = s.Contraindications.Select(c => c.Id == e.ContraindicationId ? c with { ResolvedOn = e.ResolvedOn } : c).ToImmutableList(),
        },
        CounselorAssigned e => s with { CounselorId = e.CounselorId },
        CounselingFrequencySet e => s with { CounselingFrequency = e.CounselingFrequency },
        PatientDischarged e => s with
        {
            Status = PatientStatus.Discharged,
            DischargedOn = e.DischargedOn,
            DischargeReason = e.Reason,
            // Coverage never runs past the discharge.
            CoverageEndsOn = s.CoverageEndsOn > e.DischargedOn ? e.DischargedOn : s.CoverageEndsOn,
            Runs = CoverageRuns.StopAt(s.Runs, e.DischargedOn),
            OpenImplants = [],
        },
        PatientReadmitted e => s.NewEpisode(e.Episode, e.EnrolledOn),
        MedicationPlanSet e => s with { Plans = s.Plans.Add(new MedicationPlanRecord(e.Form, e.StartOn, e.DoseMg, e.Schedule, e.CoverageDays, e.Product)) },
        OralDoseTaken e => s.Supplied(e.TakenOn, Coverage.OralCoverageDays(e.DoseMg), MedicationForm.Oral),
        InjectionAdministered e => s.Supplied(e.AdministeredOn, Coverage.InjectionCoverageDays, MedicationForm.Injectable) with
        {
            LastInjection = new LastInjection(e.AdministeredOn, e.Site),
        },
        ImplantInserted e => s.Supplied(e.InsertedOn, e.CoverageDays, MedicationForm.Implant) with
        {
            OpenImplants = s.OpenImplants.Add(new OpenImplant(e.ImplantId, e.InsertedOn)),
        },
        CounselingSessionRecorded { Outcome: SessionOutcome.Attended } e => s with { LastServiceOn = Later(s.LastServiceOn, e.HeldOn) },
        AdverseEventReported e => s.Reported(new AdverseEventRecord(e.EventId, e.OnsetOn, e.Kind, e.Severity, e.ResolvedOn)),
        AdverseEventResolved e => s with
        {
            OpenAdverseEvents = s.OpenAdverseEvents.RemoveAll(a => a.Id == e.EventId),
            HepatotoxicEvents = s.HepatotoxicEvents.Select(a => a.Id == e.EventId ? a with { ResolvedOn = e.ResolvedOn } : a).ToImmutableList(),
        },
        OutcomeEnteredInError e => s with
        {
            OpenAdverseEvents = s.OpenAdverseEvents.RemoveAll(a => a.Id == e.RecordId),
            HepatotoxicEvents = s.HepatotoxicEvents.RemoveAll(a => a.Id == e.RecordId),
        },
        ConsentGranted e => s with
        {
            Consents = s.Consents.Add(ConsentRecord.From(e)),
        },
        ConsentRevoked e => s with
        {
            Consents = s.Consents.Select(c => c.Id == e.ConsentId ? c with { RevokedOn = e.RevokedOn } : c).ToImmutableList(),
        },
        Patients.DemographicsErased => s with { DemographicsErased = true },
        _ => s,
    };

    /// <summary>
    /// A supply placed from the state: after every earlier one, shift-forward from the coverage end;
    /// or back-dated into the recent runs (see <see cref="CoverageRuns"/>).
    /// </summary>
    private PatientState Supplied(DateOnly date, int coverageDays, MedicationForm form)
    {
        var next = this with
        {
            Status = PatientStatus.Active,
            FirstSupplyOn = FirstSupplyOn ?? date,
            LastSupplyOn = Later(LastSupplyOn, date),
            LastServiceOn = Later(LastServiceOn, date),
        };
        if (coverageDays <= 0) return next;
        var (runs, coverageEndsOn, appended) = CoverageRuns.Place(Runs, CoverageEndsOn, LastSupplyOn, date, coverageDays);
        return next with
        {
            CoverageEndsOn = coverageEndsOn,
            Runs = Recent(runs, next.LastSupplyOn),
            LastImplantEnd = form == MedicationForm.Implant && appended is { } implant ? implant.To : LastImplantEnd,
        };
    }

    private static ImmutableList<DayRange> Recent(ImmutableList<DayRange> runs, DateOnly? lastSupply) =>
        lastSupply is { } last ? runs.RemoveAll(r => r.To < last.AddDays(-BackDatingDays)) : runs;

    private PatientState Reported(AdverseEventRecord adverse) => this with
    {
        OpenAdverseEvents = adverse.ResolvedOn is null ? OpenAdverseEvents.Add(adverse) : OpenAdverseEvents,
        HepatotoxicEvents = adverse.Kind == AdverseEventKind.Hepatotoxicity ? HepatotoxicEvents.Add(adverse) : HepatotoxicEvents,
    };

    private PatientState NewEpisode(int number, DateOnly enrolledOn) => this with
    {
        Status = PatientStatus.Enrolled,
        Episode = number,
        EnrolledOn = enrolledOn,
        DischargedOn = null,
        DischargeReason = null,
        Plans = [],
        FirstSupplyOn = null,
        LastSupplyOn = null,
        CoverageEndsOn = null,
        Runs = [],
        LastImplantEnd = null,
        LastServiceOn = null,
        OpenImplants = [],
    };

    /// <summary>The state derived from the whole history: used after the rare events, by rebuilds and by imports.</summary>
    public static PatientState From(Patient history)
    {
        var episode = history.CurrentEpisode;
        var supplies = episode.Supplies;
        var adverse = history.Episodes.SelectMany(e => e.AdverseEvents).ToList();
        var lastInjection = history.Episodes.SelectMany(e => e.Supplies).Where(s => s.Form == MedicationForm.Injectable)
            .OrderBy(s => s.Date).LastOrDefault();
        var lastSupply = supplies.Count == 0 ? (DateOnly?)null : supplies.Max(s => s.Date);
        var placed = Coverage.Placed(supplies.Select(s => s.ToSupply()), episode.DischargedOn);
        return new PatientState
        {
            Id = history.Id,
            Version = history.Version,
            Program = history.Program,
            Status = episode.DischargedOn is not null ? PatientStatus.Discharged : supplies.Count == 0 ? PatientStatus.Enrolled : PatientStatus.Active,
            CounselorId = history.CounselorId,
            CounselingFrequency = history.CounselingFrequency,
            Episode = episode.Number,
            EnrolledOn = episode.EnrolledOn,
            DischargedOn = episode.DischargedOn,
            DischargeReason = episode.DischargeReason,
            Plans = episode.Plans,
            FirstSupplyOn = supplies.Count == 0 ? null : supplies.Min(s => s.Date),
            LastSupplyOn = lastSupply,
            CoverageEndsOn = placed.Count == 0 ? null : placed[^1].Range.To,
            Runs = Recent(CoverageRuns.Of(placed.Select(p => p.Range)), lastSupply),
            LastImplantEnd = Coverage.LastImplantEnd(placed),
            LastServiceOn = episode.LastServiceOn(),
            LastInjection = lastInjection is { Site: { } site } ? new LastInjection(lastInjection.Date, site) : null,
            OpenImplants = episode.DischargedOn is not null ? []
                : supplies.Where(s => s is { Form: MedicationForm.Implant, RemovedOn: null }).Select(s => new OpenImplant(s.Id, s.Date)).ToImmutableList(),
            Verifications = history.Verifications,
            Contraindications = history.Contraindications,
            OpenAdverseEvents = adverse.Where(a => a.ResolvedOn is null).ToImmutableList(),
            HepatotoxicEvents = adverse.Where(a => a.Kind == AdverseEventKind.Hepatotoxicity).ToImmutableList(),
            Consents = history.Consents,
            DemographicsErased = history.DemographicsErased,
        };
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
