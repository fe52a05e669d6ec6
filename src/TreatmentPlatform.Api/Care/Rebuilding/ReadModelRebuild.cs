using JasperFx.Events;
using Marten;
using Marten.Storage;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care.Rebuilding;

/// <summary>How far a rebuild got; <paramref name="LastStreamId"/> is where a resumed run goes on from (streams go in id order).</summary>
public sealed record RebuildProgress(string Clinic, int Streams, long Events, int Written, bool Done, Guid? LastStreamId = null);

/// <summary>
/// Rebuilds a clinic's decision states and read models from its events, a chunk of patients at a
/// time (memory stays bounded by the chunk, whatever the clinic's size). Each history is folded
/// with the projections' own rule and written while the chunk's streams are locked, only where the
/// fold is at the stream's head; a stream that grew since its fold is folded again, so an event
/// appended during the rebuild is never lost. The daemon skips the events a rebuilt read model
/// already holds.
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
        while (pending.Count > 0)
        {
            var histories = await FoldAsync(clinic, pending, ct);
            events += histories.Values.Sum(h => h.Version);
            await using var session = store.LightweightSession(Session(clinic));
            await session.BeginTransactionAsync(ct);
            // The streams' rows stay locked until the chunk commits, so no command appends in between.
            // The decision state is inline: a command trusts it to be at the stream's head, so only a
            // fold at the head is written; a stream that grew since its fold is folded again.
            var heads = await HeadsAsync(session, clinic, pending, ct);
            var current = histories.Values.Where(h => heads.GetValueOrDefault(h.Id) == h.Version).ToList();
            foreach (var history in current)
            {
                session.Store(TreatmentSummary.From(history));
                session.Store(PatientState.From(history));
                session.Store(CareRow.From(history));
            }
            await session.SaveChangesAsync(ct);
            written += current.Count;
            pending = histories.Values.Where(h => heads.GetValueOrDefault(h.Id) > h.Version).Select(h => h.Id).ToList();
        }
        return (written, events);
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

    private static async Task<Dictionary<Guid, long>> HeadsAsync(IDocumentSession session, string clinic, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        // In id order, as every chunk locks them, so two rebuilds of a clinic cannot deadlock.
        var rows = await session.QueryAsync<StreamVersion>(
            "select json_build_object('id', id, 'version', version) from tp.mt_streams where tenant_id = ? and id = any(?) order by id for update",
            ct, clinic, ids.ToArray());
        return rows.ToDictionary(r => r.Id, r => r.Version);
    }

    private sealed record StreamVersion(Guid Id, long Version);

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
            await using var command = new Npgsql.NpgsqlCommand("select distinct tenant_id from tp.mt_streams", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) clinics.Add(reader.GetString(0));
        }
        return [.. clinics];
    }
}
