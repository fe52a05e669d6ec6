using Marten;
using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Privacy;

public sealed record AccessLogPage(IReadOnlyList<AccessLogEntry> Items, long Total);

public static class GetAccessLogEndpoint
{
    [WolverineGet("/api/audit")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<AccessLogPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        var patientId = args.Id("patientId");
        var (page, pageSize) = args.Paging();
        if (args.Errors.ToResult() is { } invalid) return invalid;

        IQueryable<AccessLogEntry> entries = session.Query<AccessLogEntry>();
        if (patientId is { } id) entries = entries.Where(e => e.PatientId == id || e.PatientIds.Contains(id));
        var (items, total) = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).PageAsync(page, pageSize, ct);
        return Results.Ok(new AccessLogPage(items, total));
    }
}
