using System.Text.Json;
using CsCheck;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Tests.Care;

/// <summary>
/// The decision state and the worklist row are moved forward one event at a time; whatever the
/// history, they must equal what the whole history says, and the row must answer a day the way
/// the history as of that day does.
/// </summary>
public sealed class ProjectionProperties
{
    private static readonly ClinicSettings Settings = new();

    /// <summary>As the projections do it: a direct step, or the history for the rare events.</summary>
    private static (PatientState State, CareRow Row, Patient History, TreatmentSummary Summary) Project(IReadOnlyList<object> events)
    {
        PatientState? state = null;
        CareRow? row = null;
        TreatmentSummary? summary = null;
        Patient? history = null;
        var version = 0;
        foreach (var e in events)
        {
            version++;
            var before = history;
            history = Patient.NextAt(history, e, version);
            state = state is not null && state.NeedsHistory(e) ? PatientState.From(history!) : PatientState.Next(state, e, version);
            row = row is not null && row.NeedsHistory(e) ? CareRow.From(history!) : CareRow.Next(row, e, version);
            summary = summary is not null && summary.NeedsHistory(e) ? TreatmentSummary.From(history!) : TreatmentSummary.Next(summary, e, version);
            Assert.NotNull(before ?? history);
        }
        return (state!, row!, history!, summary!);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());

    [Fact]
    public void The_decision_state_moved_event_by_event_equals_the_one_derived_from_the_history() =>
        Gen.Int.Sample(seed =>
        {
            var (state, _, history, _) = Project(HistorySimulator.Events(seed));
            Assert.Equal(Json(PatientState.From(history)), Json(state));
        }, iter: 300);

    [Fact]
    public void The_worklist_row_moved_event_by_event_equals_the_one_derived_from_the_history() =>
        Gen.Int.Sample(seed =>
        {
            var (_, row, history, _) = Project(HistorySimulator.Events(seed));
            Assert.Equal(Json(CareRow.From(history)), Json(row));
        }, iter: 300);

    [Fact]
    public void The_treatment_summary_moved_event_by_event_equals_the_one_derived_from_the_history() =>
        Gen.Int.Sample(seed =>
        {
            var (_, _, history, summary) = Project(HistorySimulator.Events(seed));
            Assert.Equal(Json(TreatmentSummary.From(history)), Json(summary));
        }, iter: 300);

    [Fact]
    public void A_dose_dated_inside_an_oral_run_is_placed_from_the_summary_and_pushes_the_runs_after_it()
    {
        var id = Guid.NewGuid();
        TreatmentPlatform.Medication.OralDoseTaken Dose(int day, int mg = 50) => new(id, 1, Guid.NewGuid(), HistorySimulator.Origin.AddDays(day), mg, true);
        List<object> events =
        [
            new PatientEnrolled(id, TreatmentProgram.Oud, HistorySimulator.Origin, 1, CounselingFrequency.Weekly, null),
            Dose(0), Dose(1), Dose(2),                                       // run 1: days 0–2
            Dose(4),                                                         // run 2: day 4
        ];
        var (_, _, _, before) = Project(events);
        var late = Dose(1, mg: 100);                                         // two days: run 1 becomes 0–4 and reaches run 2, pushed to day 5
        Assert.False(before.NeedsHistory(late));
        var (_, _, history, after) = Project([.. events, late]);
        Assert.Equal(Json(TreatmentSummary.From(history)), Json(after));
        Assert.Equal((HistorySimulator.Origin, HistorySimulator.Origin.AddDays(5)), (after.CurrentEpisode.Coverage.Single().From, after.CurrentEpisode.Coverage.Single().To));
    }

    [Fact]
    public void On_a_day_after_the_latest_fact_the_row_answers_like_the_history() =>
        Gen.Select(Gen.Int, Gen.Int[0, 45]).Sample((seed, after) =>
        {
            var (_, row, history, _) = Project(HistorySimulator.Events(seed));
            var asOf = row.LatestFactOn.AddDays(after);
            var exact = CareReading.FromHistory(history, asOf, Settings);
            Assert.Equal(Json(Alerts.On(AlertInputs.AsOf(history.Episodes.AsOf(asOf), history.CounselingFrequency, asOf), asOf, Settings)),
                Json(Alerts.On(CareReading.Inputs(row, asOf), asOf, Settings)));
            if (CareReading.CaseloadFromRow(row, asOf))
                Assert.Equal(exact is null ? "null" : Json(exact), CareReading.FromRow(row, asOf, Settings) is { } fast ? Json(fast) : "null");
        }, iter: 500);

    [Fact]
    public void A_year_of_daily_doses_leaves_the_state_and_the_row_small()
    {
        var id = Guid.NewGuid();
        var events = new List<object>
        {
            new PatientEnrolled(id, TreatmentProgram.Oud, HistorySimulator.Origin, 1, CounselingFrequency.Weekly, Guid.NewGuid()),
            new TreatmentPlatform.Medication.MedicationPlanSet(id, 1, TreatmentPlatform.Adherence.MedicationForm.Oral, HistorySimulator.Origin, 50, null, null, null),
        };
        for (var d = 0; d < 365; d++)
        {
            events.Add(new TreatmentPlatform.Medication.OralDoseTaken(id, 1, Guid.NewGuid(), HistorySimulator.Origin.AddDays(d), 50, true));
            if (d % 7 == 0)
                events.Add(new TreatmentPlatform.Counseling.CounselingSessionRecorded(id, 1, Guid.NewGuid(), Guid.NewGuid(), HistorySimulator.Origin.AddDays(d), 50,
                    TreatmentPlatform.Counseling.SessionModality.Individual, TreatmentPlatform.Counseling.SessionOutcome.Attended));
        }
        var (state, row, history, summary) = Project(events);
        Assert.True(Json(state).Length < 1_024, $"state is {Json(state).Length} bytes");
        Assert.True(Json(row).Length < 2_048, $"row is {Json(row).Length} bytes");
        Assert.True(Json(summary).Length < 2_048, $"summary is {Json(summary).Length} bytes");
        Assert.True(Json(history).Length > 30_000);                          // the history is what grows
    }
}
