using System.Text.Json;
using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using TreatmentPlatform.Reports.Building;
using Wolverine;

namespace TreatmentPlatform.Reports.Running;

public static class ReportRuns
{
    /// <summary>Records the run and queues its job in the same transaction (Wolverine outbox).</summary>
    public static async Task<ReportRun> QueueAsync(IDocumentSession session, IMessageBus bus, ReportKind kind, DateOnly from, DateOnly to,
        ReportTrigger trigger, DateTimeOffset now)
    {
        var run = new ReportRun { Id = Guid.CreateVersion7(), Kind = kind, From = from, To = to, Trigger = trigger, Status = JobStatus.Queued, RequestedAt = now };
        session.Store(run);
        await bus.PublishAsync(new RunReport(run.Id), new DeliveryOptions { TenantId = session.TenantId });
        return run;
    }
}

public static class RunReportHandler
{
    /// <summary>Computes the report; a failure is recorded on the run with its reason, never dropped.</summary>
    public static async Task Handle(RunReport message, IDocumentSession session, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var run = await session.LoadAsync<ReportRun>(message.RunId, ct);
        if (run is null || run.Status is JobStatus.Done) return;
        session.Store(run with { Status = JobStatus.Running });
        await session.SaveChangesAsync(ct);
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
    }
}
