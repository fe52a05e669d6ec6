using JasperFx.Events;
using Marten;
using Marten.Storage;
using Npgsql;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care.Rebuilding;

/// <summary>How far a rebuild got; <paramref name="LastStreamId"/> is where a resumed run goes on from (streams go in id order).</summary>
public sealed record RebuildProgress(string Clinic, int Streams, long Events, int Written, bool Done, Guid? LastStreamId = null);

/// <summary>
/// Rebuilds a clinic's decision states and read models from its events, a chunk of patients at a
/// time (memory stays bounded by the chunk, whatever the clinic's size). Each history is folded
/// with the projections' own rule and written while the chunk's streams are locked, only where the
/// fold is at the stream's head; a stream that grew since its fold is folded again, and a chunk whose
/// transaction lost a deadlock goes again whole, so an event appended during the rebuild is never
/// lost. The daemon skips the events a rebuilt read model already holds.
/// </summary>
public sealed class ReadModelRebuild(IDocumentStore store)
{
    public const int Chunk = 500;

    /// <summary>The documents this rebuild writes: derived from the events, so a clinic's move rebuilds them instead of copying.</summary>
    public static readonly Type[] ReadModels = [typeof(TreatmentSummary), typeof(PatientState), typeof(CareRow)];

    // A clinic being moved is rebuilt in its new database before that database is the clinic's.
    private IMartenDatabase? _database;

    /// <summary>The same rebuild, reading and writing the clinic's rows in <paramref name="database"/> instead of where the clinic lives.</summary>
    public ReadModelRebuild On(IMartenDatabase database) => new(store) { _database = database };

    /// <param name="resume">The progress of an interrupted run: go on after its last stream.</param>
    public async Task<RebuildProgress> RunAsync(string clinic, Action<RebuildProgress>? report, CancellationToken ct, RebuildProgress? resume = null)
    {
        var progress = resume is null ? new RebuildProgress(clinic, 0, 0, 0, false) : resume with { Done = false };
        while (true)
        {
            var ids = await StreamsAsync(clinic, progress.LastStreamId, ct);
            if (ids.Count == 0) break;
            var (written, events) = await RebuildAsync(clinic, ids, ct);
            progress = progress with
            {
                Streams = progress.Streams + ids.Count, Events = progress.Events + events, Written = progress.Written + written, LastStreamId = ids[^1],
            };
            report?.Invoke(progress);
        }
        progress = progress with { Done = true };
        report?.Invoke(progress);
        return progress;
    }

    /// <summary>Rebuilds these patients only (the streams a move copied last); the written count and events read.</summary>
    public async Task<(int Written, long Events)> RebuildAsync(string clinic, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        long events = 0;
        var written = 0;
        var pending = ids;
        var lost = 0;
        while (pending.Count > 0)
        {
            var histories = await FoldAsync(clinic, pending, ct);
            events += histories.Values.Sum(h => h.Version);
            try
            {
                var heads = await WriteAtHeadAsync(clinic, histories, ct);
                written += histories.Values.Count(h => heads.GetValueOrDefault(h.Id) == h.Version);
                pending = histories.Values.Where(h => heads.GetValueOrDefault(h.Id) > h.Version).Select(h => h.Id).ToList();
            }
            catch (Exception e) when (LostToAnotherWriter(e) && ++lost < MaxLost)
            {
                // Nothing of the chunk was written: fold and lock it again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * lost), ct);
            }
        }
        return (written, events);
    }

    private const int MaxLost = 20;

    /// <summary>
    /// Writes the folds that are at their stream's head, in one transaction that first locks the
    /// chunk's streams, so no command appends in between (the decision state is inline: a command
    /// trusts it to be at the head). The transaction is ours, not the session's: Marten replays a
    /// unit of work that lost a deadlock (with the daemon, on a summary or row) in a new transaction
    /// of its own, which would write without the locks; in ours the replay fails and the chunk is
    /// folded again.
    /// </summary>
    private async Task<Dictionary<Guid, long>> WriteAtHeadAsync(string clinic, Dictionary<Guid, Patient> histories, CancellationToken ct)
    {
        var database = _database ?? await store.Storage.FindOrCreateDatabase(clinic);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var heads = await HeadsAsync(transaction, clinic, [.. histories.Keys], ct);
        var options = Marten.Services.SessionOptions.ForTransaction(transaction);
        options.TenantId = clinic;
        await using (var session = store.LightweightSession(options))
        {
            foreach (var history in histories.Values.Where(h => heads.GetValueOrDefault(h.Id) == h.Version).OrderBy(h => h.Id))
            {
                session.Store(TreatmentSummary.From(history));
                session.Store(PatientState.From(history));
                session.Store(CareRow.From(history));
            }
            await session.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return heads;
    }

    /// <summary>A deadlock or a transaction PostgreSQL ended for it: nothing was written, the chunk can go again.</summary>
    private static bool LostToAnotherWriter(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.InFailedSqlTransaction })
                return true;
        return false;
    }

    private async Task<Dictionary<Guid, Patient>> FoldAsync(string clinic, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var query = store.QuerySession(Session(clinic));
        return await PatientHistory.LoadManyAsync(query, ids, ct);
    }

    private async Task<IReadOnlyList<Guid>> StreamsAsync(string clinic, Guid? after, CancellationToken ct)
    {
        await using var query = store.QuerySession(Session(clinic));
        return await query.QueryAsync<Guid>(
            "select id from tp.mt_streams where tenant_id = ? and id > ? order by id limit ?", ct, clinic, after ?? Guid.Empty, Chunk);
    }

    private static async Task<Dictionary<Guid, long>> HeadsAsync(NpgsqlTransaction transaction, string clinic, Guid[] ids, CancellationToken ct)
    {
        // In id order, as every chunk locks them, so two rebuilds of a clinic cannot deadlock.
        await using var command = new NpgsqlCommand(
            "select id, version from tp.mt_streams where tenant_id = $1 and id = any($2) order by id for update", transaction.Connection, transaction)
        {
            Parameters = { new() { Value = clinic }, new() { Value = ids } },
        };
        var heads = new Dictionary<Guid, long>(ids.Length);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) heads[reader.GetGuid(0)] = reader.GetInt64(1);
        return heads;
    }

    private Marten.Services.SessionOptions Session(string clinic) =>
        _database is null ? new Marten.Services.SessionOptions { TenantId = clinic } : Marten.Services.SessionOptions.ForDatabase(clinic, _database);

    /// <summary>Every clinic with a stream, in every database the clinics live in.</summary>
    public async Task<IReadOnlyList<string>> ClinicsAsync(CancellationToken ct)
    {
        var clinics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select distinct tenant_id from tp.mt_streams", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) clinics.Add(reader.GetString(0));
        }
        return [.. clinics];
    }
}
