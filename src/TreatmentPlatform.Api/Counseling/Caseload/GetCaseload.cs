using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;
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
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClinicCalendar calendar, AccessLogWriter log, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.IsCounselor && caller.UserId != id)
            return Results.Problem(title: "forbidden", detail: "Counselors see their own caseload only.", statusCode: StatusCodes.Status403Forbidden);

        var args = new QueryArgs(http.Request.Query);
        args.Errors.When(id == Guid.Empty, "id", "The counselor id must be a user id.");
        var asOfArg = args.Date("asOf");
        var minVersion = args.WholeNumber("minVersion");
        var patientId = args.Id("patientId");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var asOf = asOfArg ?? calendar.Today(settings);
        await ReadModelWait.UntilCaughtUpAsync(session, patientId, minVersion, ct, summaries: false);

        var rows = (await GetWorklistEndpoint.CandidatesAsync(session, asOf, id, ct)).OrderBy(c => c.Id).ToList();
        var earlier = rows.Where(r => !CareReading.CaseloadFromRow(r, asOf)).Select(r => r.Id).ToList();
        var histories = earlier.Count == 0 ? new Dictionary<Guid, Patient>() : await PatientHistory.LoadManyAsync(session, earlier, ct);
        var items = new List<CaseloadItem>();
        foreach (var row in rows)
        {
            var day = CareReading.CaseloadFromRow(row, asOf) ? CareReading.FromRow(row, asOf, settings)
                : histories.TryGetValue(row.Id, out var history) ? CareReading.FromHistory(history, asOf, settings) : null;
            if (day is null) continue;
            items.Add(new CaseloadItem(row.Id, day.Status, day.Form, day.Pdc30, day.LastSessionOn, day.CoverageEndsOn, day.CombinedStatus, day.Alerts));
        }
        await log.ReadManyAsync(http, items.Select(i => i.PatientId), clock.GetUtcNow());
        return Results.Ok(new CaseloadResponse(id, asOf, items));
    }
}
