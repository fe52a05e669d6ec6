using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Adherence.Reading;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Counseling.Caseload;

public sealed record CaseloadItem(
    Guid PatientId, PatientStatus Status, MedicationForm? Form, double? Pdc30, DateOnly? LastSessionOn,
    DateOnly? CoverageEndsOn, CombinedStatus CombinedStatus, IReadOnlyList<Alert> Alerts);

public sealed record CaseloadResponse(Guid CounselorId, DateOnly AsOf, IReadOnlyList<CaseloadItem> Items);

public static class GetCaseloadEndpoint
{
    [WolverineGet("/api/counselors/{id}/caseload")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<CaseloadResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClinicCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.IsCounselor && caller.UserId != id)
            return Results.Problem(title: "forbidden", detail: "Counselors see their own caseload only.", statusCode: StatusCodes.Status403Forbidden);

        var args = new QueryArgs(http.Request.Query);
        var asOfArg = args.Date("asOf");
        var minVersion = args.WholeNumber("minVersion");
        var patientId = args.Id("patientId");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var asOf = asOfArg ?? calendar.Today(settings);
        await ReadModelWait.UntilCaughtUpAsync(session, patientId, minVersion, ct);

        var cares = await GetWorklistEndpoint.Candidates(session, asOf, id).OrderBy(c => c.Id).ToListAsync(ct);
        var items = new List<CaseloadItem>();
        foreach (var care in cares)
        {
            var episodes = care.Episodes.AsOf(asOf);
            var status = EpisodesAsOf.StatusOf(episodes);
            if (episodes.Count == 0 || status == PatientStatus.Discharged) continue;
            var last30 = GetAdherenceEndpoint.Measure(episodes, care.CounselingFrequency, asOf.AddDays(-29), asOf, settings, care.Version);
            var current = episodes[^1];
            items.Add(new CaseloadItem(care.Id, status, current.PlanOn(asOf)?.Form, last30.Pdc, current.LastAttendedOn(),
                Coverage.CoverageEndsOn(current.ToCoverage()), last30.Status, Alerts.On(episodes, care.CounselingFrequency, asOf, settings)));
        }
        return Results.Ok(new CaseloadResponse(id, asOf, items));
    }
}
