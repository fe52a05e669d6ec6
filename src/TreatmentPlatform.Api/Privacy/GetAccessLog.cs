using Marten;
using Marten.Pagination;
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
        var query = http.Request.Query;
        var errors = new InputErrors();
        Guid? patientId = null;
        if (query["patientId"].ToString() is { Length: > 0 } raw)
        {
            errors.When(!Guid.TryParse(raw, out var parsed), "patientId", "patientId must be a GUID.");
            patientId = parsed;
        }
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var pageSize = int.TryParse(query["pageSize"], out var s) ? s : 50;
        errors.When(page < 1, "page", "page starts at 1.").When(pageSize is < 1 or > 200, "pageSize", "pageSize must be 1–200.");
        if (errors.ToResult() is { } invalid) return invalid;

        IQueryable<AccessLogEntry> entries = session.Query<AccessLogEntry>();
        if (patientId is { } id) entries = entries.Where(e => e.PatientId == id);
        var paged = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToPagedListAsync(page, pageSize, ct);
        return Results.Ok(new AccessLogPage(paged.ToList(), paged.TotalItemCount));
    }
}
