using System.Collections.Immutable;
using System.Text.Json.Serialization;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// What the reports and the per-patient measures need of one patient (docs/architecture.md,
/// "Read models"): per episode its dates, its coverage as placed ranges (a year of daily doses
/// is one range), the days of attended and missed sessions, and its outcomes. Supplies, session
/// details, consents and disclosures stay in the events. Moved forward one event at a time by
/// <see cref="TreatmentSummaryProjection"/>; the rare events re-derive it from the history.
/// </summary>
public sealed record TreatmentSummary
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }
    public ImmutableList<EpisodeSummary> Episodes { get; init; } = [];

    // Indexed for the reports' candidate query.
    public DateOnly FirstEnrolledOn { get; init; }
    public DateOnly? DischargedOn { get; init; }
    public DateOnly LatestFactOn { get; init; }

    [JsonIgnore] public EpisodeSummary CurrentEpisode => Episodes[^1];

    public static TreatmentSummary From(Patient history) => new()
    {
        Id = history.Id,
        Version = history.Version,
        CounselingFrequency = history.CounselingFrequency,
        Episodes = history.Episodes.Select(EpisodeSummary.From).ToImmutableList(),
        FirstEnrolledOn = history.FirstEnrolledOn,
        DischargedOn = history.DischargedOn,
        LatestFactOn = history.LatestFactOn,
    };

    /// <summary>
    /// Events that rewrite what the summary no longer holds (a supply dated on or before the last
    /// one, a removal, an entry in error, a session correction): the summary is derived again.
    /// </summary>
    public bool NeedsHistory(object @event) => @event switch
    {
        OralDoseTaken e => !CurrentEpisode.Places(e.TakenOn, Coverage.OralCoverageDays(e.DoseMg), MedicationForm.Oral),
        InjectionAdministered e => !CurrentEpisode.Places(e.AdministeredOn, Coverage.InjectionCoverageDays, MedicationForm.Injectable),
        ImplantInserted e => !CurrentEpisode.Places(e.InsertedOn, e.CoverageDays, MedicationForm.Implant),
        ImplantRemoved or SupplyEnteredInError or CounselingSessionCorrected => true,
        _ => false,
    };

    /// <summary>The summary after an event, for every event <see cref="NeedsHistory"/> does not claim.</summary>
    public static TreatmentSummary? Next(TreatmentSummary? summary, object @event, long version)
    {
        var next = (summary, @event) switch
        {
            (null, PatientEnrolled e) => new TreatmentSummary
            {
                Id = e.PatientId, CounselingFrequency = e.CounselingFrequency, FirstEnrolledOn = e.EnrolledOn,
                Episodes = [new EpisodeSummary(e.Episode, e.EnrolledOn)],
            },
            (null, _) => null,
            ({ } s, _) => Change(s, @event),
        };
        if (next is null) return null;
        var fact = Patient.FactDate(@event);
        return next with
        {
            Version = version,
            DischargedOn = next.CurrentEpisode.DischargedOn,
            LatestFactOn = fact is { } d && d > next.LatestFactOn ? d : next.LatestFactOn,
        };
    }

    private static TreatmentSummary Change(TreatmentSummary s, object @event) => @event switch
    {
        CounselingFrequencySet e => s with { CounselingFrequency = e.CounselingFrequency },
        PatientReadmitted e => s with { Episodes = s.Episodes.Add(new EpisodeSummary(e.Episode, e.EnrolledOn)) },
        PatientDischarged e => s.WithEpisode(ep => ep.Discharged(e.DischargedOn, e.Reason)),
        OralDoseTaken e => s.WithEpisode(ep => ep.Supplied(e.TakenOn, Coverage.OralCoverageDays(e.DoseMg), MedicationForm.Oral)),
        InjectionAdministered e => s.WithEpisode(ep => ep.Supplied(e.AdministeredOn, Coverage.InjectionCoverageDays, MedicationForm.Injectable)),
        ImplantInserted e => s.WithEpisode(ep => ep.Supplied(e.InsertedOn, e.CoverageDays, MedicationForm.Implant)),
        CounselingSessionRecorded { Outcome: SessionOutcome.Attended } e => s.WithEpisode(ep => ep with { Attended = ep.Attended.Add(e.HeldOn) }),
        CounselingSessionRecorded { Outcome: SessionOutcome.NoShow } e => s.WithEpisode(ep => ep with { NoShows = ep.NoShows.Add(e.HeldOn) }),
        CravingAssessed e => s.WithEpisode(ep => ep with { Cravings = ep.Cravings.Add(new CravingRecord(e.AssessmentId, e.AssessedOn, e.Substance, e.Score)) }),
        SubstanceUseChecked e => s.WithEpisode(ep => ep with
        {
            Checks = ep.Checks.Add(new SubstanceCheckRecord(e.CheckId, e.CheckedOn, e.Method, e.Substance, e.Result)),
        }),
        AdverseEventReported e => s.WithEpisode(ep => ep with
        {
            AdverseEvents = ep.AdverseEvents.Add(new AdverseEventRecord(e.EventId, e.OnsetOn, e.Kind, e.Severity, e.ResolvedOn)),
        }),
        AdverseEventResolved e => s with
        {
            Episodes = s.Episodes.Select(ep => ep with
            {
                AdverseEvents = ep.AdverseEvents.Select(a => a.Id == e.EventId ? a with { ResolvedOn = e.ResolvedOn } : a).ToImmutableList(),
            }).ToImmutableList(),
        },
        OutcomeEnteredInError e => s with
        {
            Episodes = s.Episodes.Select(ep => ep with
            {
                Cravings = ep.Cravings.RemoveAll(x => x.Id == e.RecordId),
                Checks = ep.Checks.RemoveAll(x => x.Id == e.RecordId),
                AdverseEvents = ep.AdverseEvents.RemoveAll(x => x.Id == e.RecordId),
            }).ToImmutableList(),
        },
        _ => s,
    };

    private TreatmentSummary WithEpisode(Func<EpisodeSummary, EpisodeSummary> change) =>
        this with { Episodes = Episodes.SetItem(Episodes.Count - 1, change(CurrentEpisode)) };
}

/// <summary>A covered range and the form that covers it; touching ranges of one form are one.</summary>
public readonly record struct CoveredRange(DateOnly From, DateOnly To, MedicationForm Form)
{
    [JsonIgnore] public DayRange Range => new(From, To);
}

/// <summary>One episode as the measures see it (docs/clinical-rules.md#medication-forms-and-coverage, #counseling, #outcomes).</summary>
public sealed record EpisodeSummary(int Number, DateOnly EnrolledOn, DateOnly? DischargedOn = null, DischargeReason? DischargeReason = null)
{
    public DateOnly? FirstSupplyOn { get; init; }
    public DateOnly? LastSupplyOn { get; init; }

    /// <summary>The episode's supplies placed shift-forward, in date order, none after its discharge.</summary>
    public ImmutableList<CoveredRange> Coverage { get; init; } = [];

    public ImmutableList<DateOnly> Attended { get; init; } = [];
    public ImmutableList<DateOnly> NoShows { get; init; } = [];
    public ImmutableList<CravingRecord> Cravings { get; init; } = [];
    public ImmutableList<SubstanceCheckRecord> Checks { get; init; } = [];
    public ImmutableList<AdverseEventRecord> AdverseEvents { get; init; } = [];

    /// <summary>The last dose, injection, implant insertion or attended session.</summary>
    public DateOnly? LastServiceOn()
    {
        var attended = Attended.Count == 0 ? (DateOnly?)null : Attended.Max();
        return attended is { } a && (LastSupplyOn is null || a > LastSupplyOn) ? a : LastSupplyOn;
    }

    public EpisodeCoverage ToCoverage() => new(FirstSupplyOn, DischargedOn, Coverage.Select(c => (c.Range, c.Form)).ToList());

    public static EpisodeSummary From(EpisodeRecord e) => new(e.Number, e.EnrolledOn, e.DischargedOn, e.DischargeReason)
    {
        FirstSupplyOn = e.Supplies.Count == 0 ? null : e.Supplies.Min(s => s.Date),
        LastSupplyOn = e.Supplies.Count == 0 ? null : e.Supplies.Max(s => s.Date),
        Coverage = Adherence.Coverage.Placed(e.Supplies.Select(s => s.ToSupply()), e.DischargedOn)
            .Aggregate(ImmutableList<CoveredRange>.Empty, (runs, p) => Join(runs, new CoveredRange(p.Range.From, p.Range.To, p.Form))),
        Attended = e.Sessions.Where(s => s.Outcome == SessionOutcome.Attended).Select(s => s.HeldOn).ToImmutableList(),
        NoShows = e.Sessions.Where(s => s.Outcome == SessionOutcome.NoShow).Select(s => s.HeldOn).ToImmutableList(),
        Cravings = e.Cravings,
        Checks = e.Checks,
        AdverseEvents = e.AdverseEvents,
    };

    /// <summary>Whether the ranges alone place this supply (else the summary is derived from the history).</summary>
    public bool Places(DateOnly date, int days, MedicationForm form) => PlacesAtEnd(date) || Inserted(date, days, form) is not null;

    private bool PlacesAtEnd(DateOnly date) => LastSupplyOn is not { } last || date > last;

    public EpisodeSummary Supplied(DateOnly date, int days, MedicationForm form)
    {
        var next = this with
        {
            FirstSupplyOn = FirstSupplyOn is { } first && first < date ? first : date,
            LastSupplyOn = LastSupplyOn is { } last && last > date ? last : date,
        };
        if (!PlacesAtEnd(date)) return next with { Coverage = Inserted(date, days, form)! };
        if (days <= 0) return next;
        var start = Coverage.Count > 0 && Coverage[^1].To >= date ? Coverage[^1].To.AddDays(1) : date;
        var end = start.AddDays(days - 1);
        if (DischargedOn is { } stop && end > stop) end = stop;
        return end < start ? next : next with { Coverage = Join(Coverage, new CoveredRange(start, end, form)) };
    }

    /// <summary>
    /// The coverage after a supply dated on or before the last one, by the queue rule of
    /// <see cref="CoverageRuns"/> with forms: dated inside a run, it lengthens the run, which is
    /// exact for the forms only when that run is one form, its own; dated in a gap, it is placed
    /// there. Either way the runs it reaches are pushed on whole. Null when the ranges cannot say:
    /// another form's run, an implant (its removal date bounds it), or an ended episode.
    /// </summary>
    private ImmutableList<CoveredRange>? Inserted(DateOnly date, int days, MedicationForm form)
    {
        if (DischargedOn is not null || form == MedicationForm.Implant
            || Coverage.Any(c => c.Form == MedicationForm.Implant && c.To >= date.AddDays(-1))) return null;
        if (days <= 0) return Coverage;
        var ranges = Coverage.ToList();
        var at = ranges.FindIndex(r => r.To >= date);
        if (at < 0) at = ranges.Count;
        DateOnly end;
        if (at < ranges.Count && ranges[at].From <= date)
        {
            var alone = (at == 0 || ranges[at - 1].To.DayNumber + 1 < ranges[at].From.DayNumber)
                && (at + 1 == ranges.Count || ranges[at].To.DayNumber + 1 < ranges[at + 1].From.DayNumber);
            if (!alone || ranges[at].Form != form) return null;
            end = ranges[at].To.AddDays(days);
            ranges[at] = ranges[at] with { To = end };
        }
        else
        {
            end = date.AddDays(days - 1);
            ranges.Insert(at, new CoveredRange(date, end, form));
        }
        for (var next = at + 1; next < ranges.Count && ranges[next].From.DayNumber <= end.DayNumber + 1; next++)
        {
            var pushed = ranges[next];
            ranges[next] = pushed with { From = end.AddDays(1), To = end.AddDays(pushed.Range.Days) };
            end = ranges[next].To;
        }
        return ranges.Aggregate(ImmutableList<CoveredRange>.Empty, Join);
    }

    public EpisodeSummary Discharged(DateOnly on, DischargeReason reason) => this with
    {
        DischargedOn = on,
        DischargeReason = reason,
        Coverage = Coverage.Where(c => c.From <= on).Select(c => c.To > on ? c with { To = on } : c).ToImmutableList(),
    };

    private static ImmutableList<CoveredRange> Join(ImmutableList<CoveredRange> runs, CoveredRange placed) =>
        runs.Count > 0 && runs[^1].Form == placed.Form && placed.From.DayNumber == runs[^1].To.DayNumber + 1
            ? runs.SetItem(runs.Count - 1, runs[^1] with { To = placed.To })
            : runs.Add(placed);
}
