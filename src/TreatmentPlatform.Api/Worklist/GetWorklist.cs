using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;

namespace TreatmentPlatform.Worklist;

/// <summary>One alert, with the patient as the caseload shows them (names null once erased).</summary>
public sealed record WorklistItem(
    Guid PatientId, AlertKind Kind, AlertSeverity Severity, DateOnly Since, int? GapDays,
    string? FirstName, string? LastName, TreatmentProgram Program, int DaysInTreatment, DateOnly? NextDueOn, double? Pdc30,
    CombinedStatus CombinedStatus);

public sealed record WorklistResponse(DateOnly AsOf, IReadOnlyList<WorklistItem> Items);

public static class GetWorklistEndpoint
{
    [WolverineGet("/api/worklist")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<WorklistResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, ClinicCalendar calendar, DomainMetrics metrics, AccessLogWriter log, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        var asOfArg = args.Date("asOf");
        var minVersion = args.WholeNumber("minVersion");
        var patientId = args.Id("patientId");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        var caller = Caller.From(http.User);
        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var asOf = asOfArg ?? calendar.Today(settings);
        await ReadModelWait.UntilCaughtUpAsync(session, patientId, minVersion, ct, summaries: false);

        var rows = await CandidatesAsync(session, asOf, caller.IsAdmin ? null : caller.UserId, ct);
        // Patients with facts after asOf: their state that day comes from the history.
        var onDay = await CareDays.ReadAsync(session, rows, asOf, settings, ct, keep: day => day.Alerts.Count > 0);
        var items = onDay
            .SelectMany(p => p.Day.Alerts.Select(a => new WorklistItem(p.Row.Id, a.Kind, a.Severity, a.Since, a.GapDays,
                p.Person?.FirstName, p.Person?.LastName, p.Day.Program, p.Day.DaysInTreatment(asOf), p.Day.NextDueOn, p.Day.Pdc30, p.Day.CombinedStatus)))
            .OrderByDescending(i => i.Severity).ThenBy(i => i.Since).ThenBy(i => i.PatientId).ThenBy(i => i.Kind)
            .ToList();
        if (asOfArg is null && caller.IsAdmin) metrics.OpenAlerts(caller.Clinic, items.Count);
        await log.ReadManyAsync(http, items.Select(i => i.PatientId), clock.GetUtcNow());
        return Results.Ok(new WorklistResponse(asOf, items));
    }

    /// <summary>
    /// Open patients, plus anyone whose record has facts after asOf (their state on asOf may differ
    /// from today's); both conditions are on indexed columns. A counselor's patients are the write
    /// side's (the decision state's counselor), so a reassignment moves a patient at once, however
    /// far the rows lag.
    /// </summary>
    private const string TheirRows =
        "select d.data from tp.mt_doc_carerow d join tp.mt_doc_patientstate s on s.tenant_id = d.tenant_id and s.id = d.id " +
        "where d.tenant_id = ? and s.counselor_id = ? and (d.status <> ? or d.latest_fact_on > ?)";

    public static async Task<List<CareRow>> CandidatesAsync(IQuerySession session, DateOnly asOf, Guid? counselorId, CancellationToken ct)
    {
        var open = session.Query<CareRow>().Where(c => c.Status != PatientStatus.Discharged || c.LatestFactOn > asOf);
        if (counselorId is not { } counselor) return [.. await open.ToListAsync(ct)];
        return [.. await session.QueryAsync<CareRow>(TheirRows, ct, session.TenantId, counselor, nameof(PatientStatus.Discharged), asOf)];
    }
}
