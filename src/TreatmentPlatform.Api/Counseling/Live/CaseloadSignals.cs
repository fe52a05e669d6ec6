using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Marten;
using Npgsql;

namespace TreatmentPlatform.Counseling.Live;

/// <summary>
/// "Some caseload changed": raised by the worklist row's projection inside its own transaction
/// (PostgreSQL delivers a NOTIFY only when that commits), heard by one LISTEN connection per API
/// node, and handed to the caseload streams open on that node. Whichever node projects, every
/// node hears. A signal names a clinic and a counselor (or every counselor of the clinic, after a
/// reassignment); it never names a patient.
/// </summary>
public sealed partial class CaseloadSignals : BackgroundService
{
    public const string ChannelName = "tp_caseload";

    /// <summary>How often the list of clinic databases is read again (one added at run time is heard after this).</summary>
    private static readonly TimeSpan DatabasesRefresh = TimeSpan.FromSeconds(30);

    private readonly IDocumentStore _store;
    private readonly IConfiguration _configuration;
    private readonly ILogger<CaseloadSignals> _logger;
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public CaseloadSignals(IDocumentStore store, IConfiguration configuration, ILogger<CaseloadSignals> logger)
    {
        _store = store;
        _configuration = configuration;
        _logger = logger;
    }

    public sealed record Signal(string Clinic, Guid? CounselorId);

    /// <summary>Queues the NOTIFY in the projection's unit of work: it is sent if and only if the rows commit.</summary>
    public static void Raise(IDocumentOperations operations, Signal signal) =>
        operations.QueueOperation(new Notify(JsonSerializer.Serialize(signal)));

    /// <summary>
    /// pg_notify as one statement of the batch. Not Marten's QueueSqlCommand: that one expects no
    /// result set, and the SELECT's would be read by the next operation of the batch.
    /// </summary>
    private sealed class Notify(string payload) : Weasel.Storage.IStorageOperation
    {
        // The table whose batch it rides in; Marten makes sure a document type's storage exists.
        public Type DocumentType => typeof(Care.CareRow);

        public void ConfigureCommand(Weasel.Core.ICommandBuilder builder, Weasel.Storage.IStorageSession session)
        {
            builder.Append($"select pg_notify('{ChannelName}', ");
            builder.AppendParameter(payload);
            builder.Append(")");
        }

        public Task PostprocessAsync(System.Data.Common.DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

        public Weasel.Core.OperationRole Role() => Weasel.Core.OperationRole.Other;
    }

    /// <summary>A caseload's changes; several signals before the reader looks again count as one.</summary>
    public Subscription Subscribe(string clinic, Guid counselorId)
    {
        var subscription = new Subscription(this, clinic, counselorId);
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>One listener per database that holds clinics (the rows' projection notifies in the clinic's own database).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = new Dictionary<string, Task>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var database in await Platform.Databases.ClinicDatabases.ConnectionStringsAsync(_store, _configuration, stoppingToken))
                    if (!listening.ContainsKey(database)) listening[database] = ListenAsync(database, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogLost(_logger, e);
            }
            await Task.Delay(DatabasesRefresh, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(listening.Values);
    }

    private async Task ListenAsync(string database, CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool: a pooled connection would keep listening after it is returned.
        // Keepalive makes a vanished server an error within seconds, so the node re-listens after a restart.
        var connectionString = new NpgsqlConnectionStringBuilder(database) { Pooling = false, KeepAlive = 5 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Whatever changed while this node was not listening: every stream re-reads once.
                foreach (var subscription in _subscriptions.Keys) subscription.Changed();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogLost(_logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Deliver(string payload)
    {
        Signal? signal;
        try { signal = JsonSerializer.Deserialize<Signal>(payload); }
        catch (JsonException) { return; }
        if (signal is null) return;
        foreach (var subscription in _subscriptions.Keys)
            if (subscription.Clinic == signal.Clinic && (signal.CounselorId is null || signal.CounselorId == subscription.CounselorId))
                subscription.Changed();
    }

    public sealed class Subscription(CaseloadSignals owner, string clinic, Guid counselorId) : IDisposable
    {
        private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public string Clinic { get; } = clinic;
        public Guid CounselorId { get; } = counselorId;
        public ChannelReader<bool> Changes => _changes.Reader;

        internal void Changed() => _changes.Writer.TryWrite(true);

        public void Dispose() => owner._subscriptions.TryRemove(this, out _);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the caseload signal connection; listening again in a second")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
