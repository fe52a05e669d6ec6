using System.Text.Json;
using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using TreatmentPlatform.Reports.Building;
using Wolverine;

namespace TreatmentPlatform.Reports.Running;

/// <summary>A report to run: its kind and period.</summary>
public sealed record ReportRequest(ReportKind Kind, DateOnly From, DateOnly To);

/// <summary>
/// Report runs share the jobs queue fairly: a clinic has at most one run in it at a time, and the
/// next is sent when that one ends, behind whatever other clinics queued meanwhile. So a clinic
/// with many runs delays another clinic's run by one job at most (docs/architecture.md, "Jobs").
/// </summary>
public static class ReportRuns
{
    /// <summary>Runs a clinic may have waiting; past it, on-demand requests get 429.</summary>
    public const int MaxWaiting = 20;

    /// <summary>A run sent this long ago and still not finished is taken as lost (its job dead-lettered): it no longer holds the lane.</summary>
    public static readonly TimeSpan Stalled = TimeSpan.FromHours(1);

    public static Task<int> WaitingAsync(IQuerySession session, CancellationToken ct) =>
        session.Query<ReportRun>().CountAsync(r => r.Status == JobStatus.Queued, ct);

    /// <summary>
    /// Whether a clinic's lane is free is decided under a lock held to the end of the transaction:
    /// two requests, or a request and a run ending, never both send (or both skip) a job.
    /// </summary>
    private static async Task LockLaneAsync(IDocumentSession session, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(hashtext(?))) as lane", ct, "report-runs:" + session.TenantId);
    }

    /// <summary>Records the runs and sends the first job if the clinic has none in the queue, in the same transaction (Wolverine outbox).</summary>
    public static async Task<IReadOnlyList<ReportRun>> QueueAsync(IDocumentSession session, IMessageBus bus, IReadOnlyList<ReportRequest> requests,
        ReportTrigger trigger, DateTimeOffset now, CancellationToken ct)
    {
        await LockLaneAsync(session, ct);
        var since = now - Stalled;
        var busy = await session.Query<ReportRun>()
            .AnyAsync(r => r.DispatchedAt != null && r.DispatchedAt > since && (r.Status == JobStatus.Queued || r.Status == JobStatus.Running), ct);
        var runs = requests.Select((request, i) => new ReportRun
        {
            Id = Guid.CreateVersion7(), Kind = request.Kind, From = request.From, To = request.To, Trigger = trigger, Status = JobStatus.Queued,
            RequestedAt = now, DispatchedAt = !busy && i == 0 ? now : null,
        }).ToList();
        foreach (var run in runs) session.Store(run);
        if (runs.FirstOrDefault(r => r.DispatchedAt is not null) is { } first)
            await bus.PublishAsync(new RunReport(first.Id), new DeliveryOptions { TenantId = session.TenantId });
        return runs;
    }

    /// <summary>Sends the clinic's oldest waiting run, if any: called when one of its runs ends.</summary>
    public static async Task DispatchNextAsync(IDocumentSession session, IMessageBus bus, Guid ended, DateTimeOffset now, CancellationToken ct)
    {
        await LockLaneAsync(session, ct);
        var next = await session.Query<ReportRun>()
            .Where(r => r.Status == JobStatus.Queued && r.DispatchedAt == null && r.Id != ended)
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (next is null) return;
        session.Store(next with { DispatchedAt = now });
        await bus.PublishAsync(new RunReport(next.Id), new DeliveryOptions { TenantId = session.TenantId });
    }
}

public static class RunReportHandler
{
    /// <summary>Computes the report; a failure is recorded on the run with its reason, never dropped.</summary>
    public static async Task Handle(RunReport message, IDocumentSession session, IMessageBus bus, IOptions<JsonOptions> json, TimeProvider clock,
        CancellationToken ct)
    {
        var run = await session.LoadAsync<ReportRun>(message.RunId, ct);
        if (run is null || run.Status is JobStatus.Done or JobStatus.Failed) return;
        // "Running" is saved on a session of its own: a commit of the handler's session also marks the
        // message handled, and a node dying mid-run would then leave the run running for ever. This way
        // the message stays in the inbox until the run ends, and another node runs it again.
        await using (var running = session.DocumentStore.LightweightSession(session.TenantId))
        {
            running.Store(run with { Status = JobStatus.Running });
            await running.SaveChangesAsync(ct);
        }
        try
        {
            var computed = await ReportSource.ComputeAsync(session, run.Kind, run.From, run.To, ct);
            session.Store(run with
            {
                Status = JobStatus.Done,
                CompletedAt = clock.GetUtcNow(),
                DataVersion = computed.DataVersion,
                ResultJson = JsonSerializer.Serialize(computed.Report, json.Value.SerializerOptions),
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            session.Store(run with { Status = JobStatus.Failed, CompletedAt = clock.GetUtcNow(), Failure = $"{e.GetType().Name}: {e.Message}" });
        }
        await ReportRuns.DispatchNextAsync(session, bus, run.Id, clock.GetUtcNow(), ct);
    }
}
