using TreatmentPlatform.Care;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

/// <summary>Counseling adherence (domain.md "Counseling") computed directly: no database, no HTTP.</summary>
public sealed class CounselingMeasureTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Counselor = Guid.NewGuid();
    private const decimal Threshold = 0.75m;
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static CounselingResult Measure(CounselingFrequency frequency, string from, string to, params object[] events) =>
        CounselingMeasure.For(TreatmentSummary.From(HistorySimulator.Fold([new PatientEnrolled(Id, TreatmentProgram.Oud, D("2026-03-01"), 1, frequency, Counselor), .. events])).Episodes,
            frequency, D(from), D(to), Threshold);

    private static CounselingSessionRecorded Session(string on, SessionOutcome outcome = SessionOutcome.Attended, int episode = 1) =>
        new(Id, episode, Guid.NewGuid(), Counselor, D(on), 50, SessionModality.Individual, outcome);

    [Fact]
    public void Expected_sessions_are_the_whole_frequencies_in_the_counseling_days()
    {
        // 03-01..03-30 = 30 days: weekly floor(30/7) = 4, biweekly floor(30/14) = 2, monthly floor(30/28) = 1.
        Assert.Equal(4, Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30").Expected);
        Assert.Equal(2, Measure(CounselingFrequency.Biweekly, "2026-03-01", "2026-03-30").Expected);
        Assert.Equal(1, Measure(CounselingFrequency.Monthly, "2026-03-01", "2026-03-30").Expected);
        // 03-01..03-27 = 27 days weekly: floor(27/7) = 3 (not 4).
        Assert.Equal(3, Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-27").Expected);
    }

    [Fact]
    public void At_least_one_session_is_expected_in_a_short_period()
    {
        // 03-01..03-13 = 13 days biweekly: floor(13/14) = 0 → max(1, 0) = 1.
        var result = Measure(CounselingFrequency.Biweekly, "2026-03-01", "2026-03-13", Session("2026-03-05"));
        Assert.Equal((13, 1, 1), (result.CounselingDays, result.Expected, result.Attended));
        Assert.Equal(1.0, result.Adherence);   // 1 / 1
    }

    [Fact]
    public void A_period_before_enrollment_expects_nothing()
    {
        // Enrolled 03-01: counseling days from max(02-01, 03-01) to 02-28 → none, so no expected sessions and no adherence.
        var result = Measure(CounselingFrequency.Weekly, "2026-02-01", "2026-02-28");
        Assert.Equal((0, 0), (result.CounselingDays, result.Expected));
        Assert.Null(result.Adherence);
        Assert.False(result.Adherent);   // no expected sessions counts as not adherent
    }

    [Fact]
    public void Counseling_days_start_at_enrollment()
    {
        // Period 02-15..03-30, enrolled 03-01: days 03-01..03-30 = 30 → 4 expected (not floor(44/7) = 6).
        var result = Measure(CounselingFrequency.Weekly, "2026-02-15", "2026-03-30");
        Assert.Equal((30, 4), (result.CounselingDays, result.Expected));
    }

    [Fact]
    public void Adherence_is_capped_at_one()
    {
        // 30 days weekly → 4 expected; 5 attended → min(1, 5/4) = 1.
        var result = Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30",
            Session("2026-03-02"), Session("2026-03-05"), Session("2026-03-09"), Session("2026-03-16"), Session("2026-03-23"));
        Assert.Equal(5, result.Attended);
        Assert.Equal(1.0, result.Adherence);
        Assert.True(result.Adherent);
    }

    [Fact]
    public void Three_of_four_is_adherent_and_no_shows_are_counted_apart()
    {
        // 4 expected; 3 attended → 0.75 ≥ 0.75 adherent; 1 no-show counted, the cancelled one neither attended nor no-show.
        var result = Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30",
            Session("2026-03-03"), Session("2026-03-10"), Session("2026-03-17"),
            Session("2026-03-24", SessionOutcome.NoShow), Session("2026-03-27", SessionOutcome.Cancelled));
        Assert.Equal((3, 1), (result.Attended, result.NoShows));
        Assert.Equal(0.75, result.Adherence);
        Assert.True(result.Adherent);

        // Two attended of four: 0.5, not adherent.
        var half = Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30", Session("2026-03-03"), Session("2026-03-10"));
        Assert.Equal(0.5, half.Adherence);
        Assert.False(half.Adherent);
    }

    [Fact]
    public void Counseling_days_stop_at_discharge()
    {
        // Enrolled 03-01, discharged 03-14: days 03-01..03-14 = 14 (the discharge day counts) → weekly floor(14/7) = 2.
        var result = Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30",
            Session("2026-03-07"), new PatientDischarged(Id, 1, D("2026-03-14"), DischargeReason.Completed));
        Assert.Equal((14, 2, 1), (result.CounselingDays, result.Expected, result.Attended));
        Assert.Equal(0.5, result.Adherence);   // 1 / 2
    }

    [Fact]
    public void Two_episodes_are_summed_before_dividing()
    {
        // Episode 1: 03-01..03-10 = 10 days; episode 2: readmitted 03-20, period to 03-30 = 11 days.
        // Summed: 21 days → floor(21/7) = 3 expected (each alone would give 1 + 1 = 2).
        var result = Measure(CounselingFrequency.Weekly, "2026-03-01", "2026-03-30",
            Session("2026-03-04"), new PatientDischarged(Id, 1, D("2026-03-10"), DischargeReason.DroppedOut),
            new PatientReadmitted(Id, 2, D("2026-03-20")), Session("2026-03-22", episode: 2), Session("2026-03-29", SessionOutcome.NoShow, 2));
        Assert.Equal((21, 3, 2, 1), (result.CounselingDays, result.Expected, result.Attended, result.NoShows));
        Assert.Equal(0.6667, Math.Round(result.Adherence!.Value, 4));   // 2 / 3
        Assert.False(result.Adherent);
    }

    [Fact]
    public void Sessions_outside_the_period_do_not_count()
    {
        // Period 03-08..03-21 = 14 days → 2 expected; the 03-03 and 03-25 sessions fall outside.
        var result = Measure(CounselingFrequency.Weekly, "2026-03-08", "2026-03-21",
            Session("2026-03-03"), Session("2026-03-10"), Session("2026-03-25"));
        Assert.Equal((14, 2, 1), (result.CounselingDays, result.Expected, result.Attended));
    }
}
