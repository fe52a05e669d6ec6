using System.Text.Json.Serialization;
using System.Collections.Immutable;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// One slim row per patient behind the worklist and caseloads (docs/architecture.md, "Reads"):
/// one indexed column per alert input, plus the current episode's recent coverage, implants and
/// attended sessions, so PDC-30 and every alert for a day on or after <see cref="LatestFactOn"/>
/// come from the row alone. Moved forward one event at a time by <see cref="CareRowProjection"/>.
/// </summary>
public sealed record CareRow
{
    /// <summary>How far back the row keeps coverage and sessions: the caseload's 30-day window.</summary>
    public const int RecentDays = 30;

    public Guid Id { get; init; }
    public long Version { get; init; }
    public PatientStatus Status { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }
    public TreatmentProgram Program { get; init; }
    public int Episode { get; init; }
    public DateOnly EnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }

    /// <summary>The form of the latest plan of the episode.</summary>
    public MedicationForm? PlanForm { get; init; }

    public DateOnly? FirstSupplyOn { get; init; }
    public DateOnly? LastSupplyOn { get; init; }
    public DateOnly? CoverageEndsOn { get; init; }
    public DateOnly? LastAttendedOn { get; init; }
    public DateOnly? LastServiceOn { get; init; }

    /// <summary>The latest date any event named; a day before it is answered from the history instead.</summary>
    public DateOnly LatestFactOn { get; init; }

    /// <summary>Covered days of the episode as merged ranges, from <see cref="RecentFrom"/> on.</summary>
    public ImmutableList<DayRange> Covered { get; init; } = [];

    /// <summary>Placed implant coverage of the episode, from <see cref="RecentFrom"/> on.</summary>
    public ImmutableList<DayRange> Implants { get; init; } = [];

    /// <summary>Where the episode's last placed implant coverage ends: a supply dated before it may move it.</summary>
    public DateOnly? LastImplantEnd { get; init; }

    /// <summary>Attended sessions of the episode from <see cref="RecentFrom"/> on, in date order.</summary>
    public ImmutableList<DateOnly> Attended { get; init; } = [];

    /// <summary>Severe or hepatotoxicity adverse events of the episode not yet resolved: id and onset.</summary>
    public ImmutableList<OpenAdverseEvent> OpenAttention { get; init; } = [];

    [JsonIgnore] public DateOnly RecentFrom => LatestFactOn.AddDays(-RecentDays);

    /// <summary>Events after which the row is derived from the history (the same rare ones as the decision state).</summary>
    public bool NeedsHistory(object @event) => @event switch
    {
        OralDoseTaken e => !PlacedFromRow(e.TakenOn),
        InjectionAdministered e => !PlacedFromRow(e.AdministeredOn),
        ImplantInserted e => e.InsertedOn <= LastSupplyOn,
        PatientDischarged e => LastImplantEnd > e.DischargedOn,
        ImplantRemoved or SupplyEnteredInError or CounselingSessionCorrected => true,
        _ => false,
    };

    private bool PlacedFromRow(DateOnly date) => CoverageRuns.Places(Covered, LastSupplyOn, LastImplantEnd, date);

    public static CareRow? Next(CareRow? row, object @event, long version)
    {
        var next = (row, @event) switch
        {
            (null, PatientEnrolled e) => new CareRow
            {
                Id = e.PatientId,
                Program = e.Program,
                CounselorId = e.CounselorId,
                CounselingFrequency = e.CounselingFrequency,
            }.NewEpisode(e.Episode, e.EnrolledOn),
            (null, _) => null,
            ({ } r, _) => r.Change(@event),
        };
        if (next is null) return null;
        var latest = Patient.FactDate(@event) is { } d && d > next.LatestFactOn ? d : next.LatestFactOn;
        var moved = latest == next.LatestFactOn ? next : (next with { LatestFactOn = latest }).Trimmed();
        return moved with { Version = version };
    }

    private CareRow Change(object @event) => @event switch
    {
        CounselorAssigned e => this with { CounselorId = e.CounselorId },
        CounselingFrequencySet e => this with { CounselingFrequency = e.CounselingFrequency },
        PatientDischarged e => this with
        {
            Status = PatientStatus.Discharged,
            DischargedOn = e.DischargedOn,
            CoverageEndsOn = CoverageEndsOn > e.DischargedOn ? e.DischargedOn : CoverageEndsOn,
            Covered = CoverageRuns.StopAt(Covered, e.DischargedOn),
            Implants = CoverageRuns.StopAt(Implants, e.DischargedOn),
        },
        PatientReadmitted e => NewEpisode(e.Episode, e.EnrolledOn),
        MedicationPlanSet e => this with { PlanForm = e.Form },
        OralDoseTaken e => Supplied(e.TakenOn, Coverage.OralCoverageDays(e.DoseMg), MedicationForm.Oral),
        InjectionAdministered e => Supplied(e.AdministeredOn, Coverage.InjectionCoverageDays, MedicationForm.Injectable),
        ImplantInserted e => Supplied(e.InsertedOn, e.CoverageDays, MedicationForm.Implant),
        CounselingSessionRecorded { Outcome: SessionOutcome.Attended } e => this with
        {
            LastAttendedOn = Later(LastAttendedOn, e.HeldOn),
            LastServiceOn = Later(LastServiceOn, e.HeldOn),
            Attended = e.HeldOn < RecentFrom ? Attended : Insert(Attended, e.HeldOn),
        },
        AdverseEventReported { ResolvedOn: null } e when new AdverseEventRecord(e.EventId, e.OnsetOn, e.Kind, e.Severity, null).NeedsAttention =>
            this with { OpenAttention = OpenAttention.Add(new OpenAdverseEvent(e.EventId, e.OnsetOn)) },
        AdverseEventResolved e => this with { OpenAttention = OpenAttention.RemoveAll(a => a.Id == e.EventId) },
        OutcomeEnteredInError e => this with { OpenAttention = OpenAttention.RemoveAll(a => a.Id == e.RecordId) },
        _ => this,
    };

    /// <summary>
    /// A supply placed from the row: after every earlier one of the episode, shift-forward from the
    /// coverage end; or back-dated into the recent runs (see <see cref="CoverageRuns"/>).
    /// </summary>
    private CareRow Supplied(DateOnly date, int coverageDays, MedicationForm form)
    {
        var row = this with
        {
            Status = PatientStatus.Active,
            FirstSupplyOn = FirstSupplyOn ?? date,
            LastSupplyOn = Later(LastSupplyOn, date),
            LastServiceOn = Later(LastServiceOn, date),
        };
        if (coverageDays <= 0) return row;
        var (runs, coverageEndsOn, appended) = CoverageRuns.Place(Covered, CoverageEndsOn, LastSupplyOn, date, coverageDays);
        var implant = form == MedicationForm.Implant ? appended : null;
        return row with
        {
            CoverageEndsOn = coverageEndsOn,
            Covered = Recent(runs, RecentFrom),
            Implants = implant is { } placed ? Recent(Implants.Add(placed), RecentFrom) : Implants,
            LastImplantEnd = implant?.To ?? LastImplantEnd,
        };
    }

    private CareRow NewEpisode(int number, DateOnly enrolledOn) => this with
    {
        Status = PatientStatus.Enrolled,
        Episode = number,
        EnrolledOn = enrolledOn,
        DischargedOn = null,
        PlanForm = null,
        FirstSupplyOn = null,
        LastSupplyOn = null,
        CoverageEndsOn = null,
        LastAttendedOn = null,
        LastServiceOn = null,
        Covered = [],
        Implants = [],
        LastImplantEnd = null,
        Attended = [],
        OpenAttention = [],
    };

    private CareRow Trimmed() => this with
    {
        Covered = Recent(Covered, RecentFrom),
        Implants = Recent(Implants, RecentFrom),
        Attended = Attended.RemoveAll(d => d < RecentFrom),
    };

    /// <summary>The row derived from the whole history: after the rare events, and for rebuilds and imports.</summary>
    public static CareRow From(Patient history)
    {
        var episode = history.CurrentEpisode;
        var placed = Coverage.Placed(episode.Supplies.Select(s => s.ToSupply()), episode.DischargedOn);
        var supplies = episode.Supplies;
        var lastSupply = supplies.Count == 0 ? (DateOnly?)null : supplies.Max(s => s.Date);
        var recentFrom = history.LatestFactOn.AddDays(-RecentDays);
        return new CareRow
        {
            Id = history.Id,
            Version = history.Version,
            Status = episode.DischargedOn is not null ? PatientStatus.Discharged : supplies.Count == 0 ? PatientStatus.Enrolled : PatientStatus.Active,
            CounselorId = history.CounselorId,
            CounselingFrequency = history.CounselingFrequency,
            Program = history.Program,
            Episode = episode.Number,
            EnrolledOn = episode.EnrolledOn,
            DischargedOn = episode.DischargedOn,
            PlanForm = episode.Plans.Count == 0 ? null : episode.Plans[^1].Form,
            FirstSupplyOn = supplies.Count == 0 ? null : supplies.Min(s => s.Date),
            LastSupplyOn = lastSupply,
            CoverageEndsOn = placed.Count == 0 ? null : placed[^1].Range.To,
            LastAttendedOn = episode.LastAttendedOn(),
            LastServiceOn = episode.LastServiceOn(),
            LatestFactOn = history.LatestFactOn,
            Covered = Recent(CoverageRuns.Of(placed.Select(p => p.Range)), recentFrom),
            Implants = Recent(placed.Where(p => p.Form == MedicationForm.Implant).Select(p => p.Range).ToImmutableList(), recentFrom),
            LastImplantEnd = Coverage.LastImplantEnd(placed),
            Attended = episode.Sessions.Where(s => s.Outcome == SessionOutcome.Attended && s.HeldOn >= recentFrom)
                .Select(s => s.HeldOn).Order().ToImmutableList(),
            OpenAttention = episode.AdverseEvents.Where(a => a.NeedsAttention && a.ResolvedOn is null)
                .Select(a => new OpenAdverseEvent(a.Id, a.OnsetOn)).ToImmutableList(),
        };
    }

    /// <summary>Ranges from a day on, cut to start there: what the 30-day window after the latest fact can see.</summary>
    private static ImmutableList<DayRange> Recent(ImmutableList<DayRange> ranges, DateOnly from) =>
        ranges.Where(r => r.To >= from).Select(r => r.From < from ? r with { From = from } : r).ToImmutableList();

    private static ImmutableList<DateOnly> Insert(ImmutableList<DateOnly> dates, DateOnly day)
    {
        var at = dates.Count;
        while (at > 0 && dates[at - 1] > day) at--;
        return dates.Insert(at, day);
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

public sealed record OpenAdverseEvent(Guid Id, DateOnly OnsetOn);
