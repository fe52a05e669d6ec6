using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Worklist;

public sealed record WorklistItem(Guid PatientId, AlertKind Kind, AlertSeverity Severity, DateOnly Since, int? GapDays);

public sealed record WorklistResponse(DateOnly AsOf, IReadOnlyList<WorklistItem> Items);

public static class GetWorklistEndpoint
{
    [WolverineGet("/api/worklist")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<WorklistResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, ClinicCalendar calendar, DomainMetrics metrics, HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        var asOfArg = args.Date("asOf");
        var minVersion = args.WholeNumber("minVersion");
        var patientId = args.Id("patientId");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        var caller = Caller.From(http.User);
        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var asOf = asOfArg ?? calendar.Today(settings);
        await ReadModelWait.UntilCaughtUpAsync(session, patientId, minVersion, ct);

        var cares = await Candidates(session, asOf, caller.IsAdmin ? null : caller.UserId).ToListAsync(ct);
        var items = cares
            .SelectMany(c => Alerts.On(c.Episodes.AsOf(asOf), c.CounselingFrequency, asOf, settings)
                .Select(a => new WorklistItem(c.Id, a.Kind, a.Severity, a.Since, a.GapDays)))
            .OrderByDescending(i => i.Severity).ThenBy(i => i.Since).ThenBy(i => i.PatientId).ThenBy(i => i.Kind)
            .ToList();
        if (asOfArg is null && caller.IsAdmin) metrics.OpenAlerts(caller.Clinic, items.Count);
        return Results.Ok(new WorklistResponse(asOf, items));
    }

    /// <summary>
    /// Open patients, plus anyone whose record has facts after asOf (their state on asOf may differ
    /// from today's); both conditions are on indexed columns.
    /// </summary>
    public static IQueryable<PatientCare> Candidates(IQuerySession session, DateOnly asOf, Guid? counselorId)
    {
        var query = session.Query<PatientCare>().Where(c => c.Status != PatientStatus.Discharged || c.LatestFactOn > asOf);
        return counselorId is { } counselor ? query.Where(c => c.CounselorId == counselor) : query;
    }
}
