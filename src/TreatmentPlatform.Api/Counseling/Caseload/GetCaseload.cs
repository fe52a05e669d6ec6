using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Counseling.Caseload;

/// <summary>A patient of the caseload on the day asked about; the names are null once erased.</summary>
public sealed record CaseloadItem(
    Guid PatientId, string? FirstName, string? LastName, TreatmentProgram Program, PatientStatus Status, MedicationForm? Form,
    double? Pdc30, DateOnly? LastSessionOn, DateOnly? CoverageEndsOn, DateOnly? NextDueOn, int DaysInTreatment,
    CombinedStatus CombinedStatus, IReadOnlyList<Alert> Alerts);

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
        var items = (await CareDays.ReadAsync(session, rows, asOf, settings, ct)).Select(p => new CaseloadItem(
            p.Row.Id, p.Person?.FirstName, p.Person?.LastName, p.Day.Program, p.Day.Status, p.Day.Form, p.Day.Pdc30, p.Day.LastSessionOn,
            p.Day.CoverageEndsOn, p.Day.NextDueOn, p.Day.DaysInTreatment(asOf), p.Day.CombinedStatus, p.Day.Alerts)).ToList();
        await log.ReadManyAsync(http, items.Select(i => i.PatientId), clock.GetUtcNow());
        return Results.Ok(new CaseloadResponse(id, asOf, items));
    }
}
