using Microsoft.AspNetCore.Mvc;
using System.Globalization;
using Marten;
using Wolverine;

namespace TreatmentPlatform.Interop.BulkExport;

/// <summary>The export's manifest (FHIR Bulk Data Access, "Complete Status").</summary>
public sealed record ExportManifest(DateTimeOffset TransactionTime, string Request, bool RequiresAccessToken, IReadOnlyList<ExportOutput> Output,
    IReadOnlyList<ExportOutput> Error);

public sealed record ExportOutput(string Type, string Url, int Count);

/// <summary>
/// FHIR Bulk Data Access for the clinic's own use: kick-off (202 + Content-Location), status polling
/// (202 + X-Progress, then the manifest), one NDJSON file per type, and delete. Only the admin who
/// asked sees an export's status and files; every patient in it is in the access log.
/// </summary>
public static class BulkExportEndpoints
{
    public const string KickOff = "/api/fhir/$export";

    /// <summary>Exports a clinic may have in progress at once; more is 429.</summary>
    public const int MaxActive = 2;

    private static readonly string[] NdjsonFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];
    private static readonly string[] Unsupported = ["_typeFilter", "_elements", "patient", "includeAssociatedData"];

    [WolverineGet(KickOff)]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Start(IDocumentSession session, IMessageBus bus, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new InputErrors();
        var types = ((string?)query["_type"])?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [.. ExportTypes.All];
        foreach (var unknown in types.Except(ExportTypes.All))
            errors.Add("_type", $"'{unknown}' is not exported; the types are {string.Join(", ", ExportTypes.All)}.");
        DateTimeOffset? since = null;
        if (query["_since"] is { Count: > 0 } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) since = parsed;
            else errors.Add("_since", "_since is a FHIR instant such as 2026-03-01T00:00:00Z.");
        }
        if (query["_outputFormat"] is { Count: > 0 } format && !NdjsonFormats.Contains((string?)format))
            errors.Add("_outputFormat", "The only output format is application/fhir+ndjson.");
        foreach (var parameter in Unsupported.Where(query.ContainsKey))
            errors.Add(parameter, $"{parameter} is not supported; export the clinic and filter on your side.");
        if (errors.Any) return Results.Problem(errors.ToProblem());

        if (await session.Query<BulkExport>().CountAsync(e => e.Status == JobStatus.Queued || e.Status == JobStatus.Running, ct) >= MaxActive)
        {
            http.Response.Headers.RetryAfter = "60";
            return Results.Problem(title: "too-many-exports", statusCode: StatusCodes.Status429TooManyRequests,
                detail: $"This clinic already has {MaxActive} exports in progress; retry when one has finished.");
        }

        var now = clock.GetUtcNow();
        var export = new BulkExport
        {
            Id = Guid.CreateVersion7(now), RequestedBy = Caller.From(http.User).UserId, TransactionTime = now,
            Request = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}",
            Types = [.. types.Distinct()], Since = since, Status = JobStatus.Queued,
            PatientsTotal = await ExportPatientsHandler.CountAsync(session, since, ct),
        };
        session.Store(export);
        await bus.PublishAsync(new ExportPatients(export.Id), new DeliveryOptions { TenantId = session.TenantId });
        await session.SaveChangesAsync(ct);
        http.Response.Headers.ContentLocation = StatusUrl(http, export.Id);
        return Results.Accepted();
    }

    [WolverineGet(KickOff + "/{exportId}")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ExportManifest>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Status(Guid exportId, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (await OwnAsync(session, exportId, http, ct) is not { } export) return Problems.NotFound("export");
        if (export.Active)
        {
            var percent = export.PatientsTotal == 0 ? 0 : Math.Min(99, 100 * export.PatientsDone / export.PatientsTotal);
            http.Response.Headers["X-Progress"] = $"{percent}% ({export.PatientsDone} of {export.PatientsTotal} patients)";
            http.Response.Headers.RetryAfter = "2";
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
        if (export.Status == JobStatus.Failed)
            return Results.Problem(title: "export-failed", detail: $"The export failed: {export.Failure}. Start a new one.",
                statusCode: StatusCodes.Status500InternalServerError);
        var output = export.Types.Where(t => export.Counts.GetValueOrDefault(t) > 0)
            .Select(t => new ExportOutput(t, $"{StatusUrl(http, export.Id)}/{t}", export.Counts[t])).ToList();
        return Results.Ok(new ExportManifest(export.TransactionTime, export.Request, true, output, []));
    }

    [WolverineGet(KickOff + "/{exportId}/{type}")]
    [Authorize(Roles = Roles.Admin)]
    [Produces("application/fhir+ndjson")]
    public static async Task<IResult> File(Guid exportId, string type, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (await OwnAsync(session, exportId, http, ct) is not { Status: JobStatus.Done } export || !export.Types.Contains(type))
            return Problems.NotFound("export file");
        http.Response.ContentType = "application/fhir+ndjson";
        await ExportFiles.CopyAsync(session, export.Id, type, http.Response.Body, ct);
        return Results.Empty;
    }

    /// <summary>Cancels an export in progress or deletes a finished one with its files.</summary>
    [WolverineDelete(KickOff + "/{exportId}")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Delete(Guid exportId, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        if (await OwnAsync(session, exportId, http, ct) is null) return Problems.NotFound("export");
        session.Delete<BulkExport>(exportId);
        ExportFiles.Delete(session, exportId);
        await session.SaveChangesAsync(ct);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<BulkExport?> OwnAsync(IQuerySession session, Guid exportId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<BulkExport>(exportId, ct) is { } export && export.RequestedBy == Caller.From(http.User).UserId ? export : null;

    private static string StatusUrl(HttpContext http, Guid exportId) => $"{http.Request.Scheme}://{http.Request.Host}{KickOff}/{exportId}";
}
