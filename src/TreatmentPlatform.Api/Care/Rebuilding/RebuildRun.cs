using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace TreatmentPlatform.Care.Rebuilding;


/// <summary>A rebuild requested through the admin API, with its progress.</summary>
public sealed record RebuildRun
{
    public Guid Id { get; init; }
    public JobStatus Status { get; init; }
    public int Streams { get; init; }
    public long Events { get; init; }
    public int Written { get; init; }

    /// <summary>The last patient rebuilt: a run interrupted by a crash goes on after it when its message is redelivered.</summary>
    public Guid? LastStreamId { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Failure { get; init; }
}

public sealed record RebuildReadModels(Guid RunId);

public sealed record RebuildAccepted(Guid RunId);

public static class RebuildEndpoints
{
    [WolverinePost("/api/admin/read-models/rebuild")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<RebuildAccepted>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        // One rebuild per clinic in the jobs queue: asking again while one waits or runs answers with
        // that one (unless it was asked for so long ago that its job must have been lost).
        var since = clock.GetUtcNow() - Reports.Running.ReportRuns.Stalled;
        if (await session.Query<RebuildRun>().Where(r => (r.Status == JobStatus.Queued || r.Status == JobStatus.Running) && r.RequestedAt > since)
                .OrderBy(r => r.RequestedAt).FirstOrDefaultAsync(ct) is { } pending)
            return Results.Accepted($"/api/admin/read-models/rebuild/{pending.Id}", new RebuildAccepted(pending.Id));
        var run = new RebuildRun { Id = Guid.CreateVersion7(), Status = JobStatus.Queued, RequestedAt = clock.GetUtcNow() };
        session.Store(run);
        // Enlisted in the same transaction: the job runs if and only if the run was recorded.
        await bus.PublishAsync(new RebuildReadModels(run.Id), new DeliveryOptions { TenantId = session.TenantId });
        await session.SaveChangesAsync(ct);
        return Results.Accepted($"/api/admin/read-models/rebuild/{run.Id}", new RebuildAccepted(run.Id));
    }

    [WolverineGet("/api/admin/read-models/rebuild/{runId}")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<RebuildRun>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid runId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<RebuildRun>(runId, ct) is { } run ? Results.Ok(run) : Problems.NotFound("rebuild run");
}

public static class RebuildReadModelsHandler
{
    public static async Task Handle(RebuildReadModels message, Envelope envelope, IDocumentStore store, ReadModelRebuild rebuild, TimeProvider clock, CancellationToken ct)
    {
        var clinic = envelope.TenantId ?? throw new InvalidOperationException("A rebuild needs its clinic.");
        async Task Save(Func<RebuildRun, RebuildRun> change)
        {
            await using var session = store.LightweightSession(clinic);
            var run = await session.LoadAsync<RebuildRun>(message.RunId, ct) ?? new RebuildRun { Id = message.RunId };
            session.Store(change(run));
            await session.SaveChangesAsync(ct);
        }

        RebuildProgress? resume = null;
        await using (var session = store.QuerySession(clinic))
            if (await session.LoadAsync<RebuildRun>(message.RunId, ct) is { Status: JobStatus.Running, LastStreamId: not null } interrupted)
                resume = new RebuildProgress(clinic, interrupted.Streams, interrupted.Events, interrupted.Written, false, interrupted.LastStreamId);
        await Save(r => r with { Status = JobStatus.Running });
        try
        {
            var last = DateTime.UtcNow;
            var done = await rebuild.RunAsync(clinic, p =>
            {
                if (DateTime.UtcNow - last < TimeSpan.FromSeconds(1)) return;
                last = DateTime.UtcNow;
                Save(r => r with { Streams = p.Streams, Events = p.Events, Written = p.Written, LastStreamId = p.LastStreamId }).GetAwaiter().GetResult();
            }, ct, resume);
            await Save(r => r with { Status = JobStatus.Done, Streams = done.Streams, Events = done.Events, Written = done.Written, FinishedAt = clock.GetUtcNow() });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Save(r => r with { Status = JobStatus.Failed, Failure = e.GetType().Name + ": " + e.Message, FinishedAt = clock.GetUtcNow() });
        }
    }
}
