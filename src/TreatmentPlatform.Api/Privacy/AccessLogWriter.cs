using System.Threading.Channels;
using JasperFx.Descriptors;
using Marten;

namespace TreatmentPlatform.Privacy;

/// <summary>
/// Group commit for the access log: one writer takes the entries of every request waiting at that
/// moment and stores them in one transaction; each request awaits the commit of its batch, so an
/// entry is durable before its response leaves, and auditing a read costs a share of one commit
/// rather than one commit per read.
/// </summary>
public sealed partial class AccessLogWriter : BackgroundService
{
    private const int MaxBatch = 1000;

    private readonly IDocumentStore _store;
    private readonly ILogger<AccessLogWriter> _logger;

    /// <summary>Off only to measure what auditing reads of many costs (BENCHMARKS.md, S8); Production refuses it.</summary>
    private readonly bool _readsOfMany;

    public AccessLogWriter(IDocumentStore store, ILogger<AccessLogWriter> logger, IConfiguration configuration, IHostEnvironment environment)
    {
        _store = store;
        _logger = logger;
        _readsOfMany = configuration.GetValue("AccessLog:ReadsOfMany", true);
        if (!_readsOfMany && environment.IsProduction())
            throw new InvalidOperationException("AccessLog:ReadsOfMany=false turns off auditing of reads; Production refuses it.");
    }

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Logs a read of many records (every patient id the answer holds); awaited before the answer leaves.</summary>
    public Task ReadManyAsync(HttpContext http, IEnumerable<Guid> patientIds, DateTimeOffset at) => !_readsOfMany ? Task.CompletedTask
        : WriteAsync(AccessAudit.Entry(http, Caller.From(http.User), null, at) with { PatientIds = patientIds.Distinct().ToList() });

    public Task WriteAsync(AccessLogEntry entry)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The access log is shutting down.");
        return pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Entries already queued when the host stops are still written: their requests are waiting.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            // One transaction per database the batch's clinics live in (one, unless clinics are
            // spread over several): a database that is away fails only its own clinics' entries.
            foreach (var group in await ByDatabaseAsync(batch))
                await CommitAsync(group);
            batch.Clear();
        }
    }

    private async Task<IEnumerable<List<Pending>>> ByDatabaseAsync(List<Pending> batch)
    {
        var byDatabase = new Dictionary<DatabaseId, List<Pending>>();
        foreach (var pending in batch)
        {
            DatabaseId database;
            try
            {
                database = (await _store.Storage.FindOrCreateDatabase(pending.Entry.Clinic)).Id;
            }
            catch (Exception e)
            {
                LogFailure(_logger, e, 1);
                pending.Committed.TrySetException(e);
                continue;
            }
            if (!byDatabase.TryGetValue(database, out var group)) byDatabase[database] = group = [];
            group.Add(pending);
        }
        return byDatabase.Values;
    }

    private async Task CommitAsync(List<Pending> group)
    {
        try
        {
            await using var session = _store.LightweightSession(group[0].Entry.Clinic);
            foreach (var pending in group) session.ForTenant(pending.Entry.Clinic).Insert(pending.Entry);
            await session.SaveChangesAsync(CancellationToken.None);
            foreach (var pending in group) pending.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            // The waiting requests fail (503 when the database is away): no read goes unlogged.
            LogFailure(_logger, e, group.Count);
            foreach (var pending in group) pending.Committed.TrySetException(e);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private sealed record Pending(AccessLogEntry Entry, TaskCompletionSource Committed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} access-log entries")]
    private static partial void LogFailure(ILogger logger, Exception exception, int count);
}
