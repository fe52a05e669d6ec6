using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Adherence.Reading;

public sealed record CounselingPart(int Expected, int Attended, int NoShows, double? Adherence, bool Adherent);

public sealed record AdherenceDay(DateOnly Date, bool Covered, bool Treatment);

public sealed record AdherenceResponse(
    DateOnly From, DateOnly To, double? Pdc, int CoveredDays, int DaysInPeriod, bool Adherent,
    IReadOnlyList<Gap> Gaps, int LongestSpanDays, IReadOnlyList<MedicationForm> Forms,
    CounselingPart Counseling, CombinedStatus Status, IReadOnlyList<AdherenceDay> Days, long Version);

public static class GetAdherenceEndpoint
{
    public const int MaxPeriodDays = 3 * 366;

    [WolverineGet("/api/patients/{id}/adherence")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<AdherenceResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClinicCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        var fromArg = args.Date("from");
        var toArg = args.Date("to");
        args.WholeNumber("minVersion");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        // The record is brought up to the patient's latest event, so minVersion is always met.
        var (state, patient) = await PatientRecords.CurrentAsync(session, id, ct);
        if (state is null || patient is null || !Caller.From(http.User).MaySee(state.CounselorId)) return Problems.NotFound("patient");
        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var to = toArg ?? calendar.Today(settings);
        var from = fromArg ?? to.AddDays(-29);
        if (from > to) return Problems.Invalid("from", "from must be on or before to.");
        if (to.DayNumber - from.DayNumber + 1 > MaxPeriodDays) return Problems.Invalid("to", $"A period is at most {MaxPeriodDays} days.");

        var summary = TreatmentSummary.From(patient);
        return Results.Ok(Measure(summary.Episodes, summary.CounselingFrequency, from, to, settings, summary.Version));
    }

    /// <param name="withDays">The day-by-day calendar, for one patient's page; reports over a clinic leave it out.</param>
    public static AdherenceResponse Measure(IReadOnlyList<EpisodeSummary> episodes, CounselingFrequency frequency,
        DateOnly from, DateOnly to, ClinicSettings settings, long version, bool withDays = true)
    {
        var medication = Coverage.Measure(episodes.Select(e => e.ToCoverage()).ToList(), from, to, settings.ContinuityGapDays);
        var counseling = CounselingMeasure.For(episodes, frequency, from, to, settings.CounselingThreshold);
        var adherent = Combined.MedicationAdherent(medication.Pdc, settings.PdcThreshold);
        return new AdherenceResponse(from, to, Round(medication.Pdc), medication.CoveredDays, medication.TreatmentDays, adherent,
            medication.Gaps, medication.LongestSpanDays, medication.FormsInPeriod,
            new CounselingPart(counseling.Expected, counseling.Attended, counseling.NoShows, Round(counseling.Adherence), counseling.Adherent),
            Combined.Of(adherent, counseling.Adherent),
            withDays ? medication.Days.Select(d => new AdherenceDay(d.Date, d.Covered, d.Treatment)).ToList() : [], version);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
