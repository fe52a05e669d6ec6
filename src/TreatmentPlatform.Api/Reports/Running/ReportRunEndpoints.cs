using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;

using TreatmentPlatform.Privacy;

namespace TreatmentPlatform.Reports.Running;

public sealed record RequestReportRun(DateOnly? From, DateOnly? To);

public sealed record ReportRunAccepted(Guid RunId);

public sealed record ReportRunView(Guid RunId, ReportKind Kind, JobStatus Status, DateOnly From, DateOnly To, ReportTrigger Trigger,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, long? DataVersion, JsonElement? Result, string? Failure)
{
    public static ReportRunView Of(ReportRun run) => new(run.Id, run.Kind, run.Status, run.From, run.To, run.Trigger, run.RequestedAt,
        run.CompletedAt, run.DataVersion, run.ResultJson is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null, run.Failure);
}

public static class RequestReportRunEndpoint
{
    public static ProblemDetails Validate(RequestReportRun request)
    {
        var errors = new InputErrors();
        GetReportEndpoint.Period(request.From, request.To, errors);
        return errors.ToProblem();
    }

    [WolverinePost("/api/reports/{kind}/runs")]
    [Authorize(Roles = Roles.AdminOrReporter)]
    [ProducesResponseType<ReportRunAccepted>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(string kind, RequestReportRun request, IDocumentSession session, IMessageBus bus, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!ReportKinds.TryParse(kind, out var reportKind))
            return Results.Problem(title: "not-found", detail: $"Unknown report '{kind}'; reports are {ReportKinds.Names}.", statusCode: StatusCodes.Status404NotFound);
        if (await ReportRuns.WaitingAsync(session, ct) >= ReportRuns.MaxWaiting)
        {
            http.Response.Headers.RetryAfter = "60";
            return Results.Problem(title: "too-many-runs-waiting",
                detail: $"This clinic already has {ReportRuns.MaxWaiting} report runs waiting; retry when some have finished.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        var run = (await ReportRuns.QueueAsync(session, bus, [new ReportRequest(reportKind, request.From!.Value, request.To!.Value)],
            ReportTrigger.OnDemand, clock.GetUtcNow(), ct))[0];
        await session.SaveChangesAsync(ct);
        return Results.Accepted($"/api/reports/runs/{run.Id}", new ReportRunAccepted(run.Id));
    }
}

public static class GetReportRunEndpoint
{
    [WolverineGet("/api/reports/runs/{runId}")]
    [Authorize(Roles = Roles.AdminOrReporter)]
    [ProducesResponseType<ReportRunView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid runId, IQuerySession session, AccessLogWriter log, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await session.LoadAsync<ReportRun>(runId, ct) is not { } run) return Problems.NotFound("report run");
        var view = ReportRunView.Of(run);
        if (view.Result is { } result) await log.ReadManyAsync(http, PatientIds(result), clock.GetUtcNow());
        return Results.Ok(view);
    }

    private static IEnumerable<Guid> PatientIds(JsonElement report) =>
        report.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("patientId", out _))
                .Select(r => r.GetProperty("patientId").GetGuid())
            : [];
}
