using System.Data;
using Npgsql;

namespace TreatmentPlatform.Platform.Databases.Moving;

/// <summary>
/// One clinic's rows between two databases of the same schema, with PostgreSQL's binary COPY
/// (rows stream from one server to the other; nothing is held in memory). Events get new sequence
/// numbers in the target; their ids, streams, versions, data and timestamps stay as they were.
/// Every statement names the clinic's rows only; the clinic id is a Marten-checked identifier.
/// </summary>
public sealed class ClinicCopy(string clinic, string schema)
{
    private readonly string _clinic = "'" + clinic.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// A mover's connection: sees timestamps in UTC on both servers (fingerprints compare text), and
    /// passes the clinic's own write guard (<see cref="MoveGuard"/>), which stops everyone else.
    /// </summary>
    public async Task<NpgsqlConnection> OpenAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"set timezone = 'UTC'; select set_config('tp.moving', {_clinic}, false)", ct);
        return connection;
    }

    /// <summary>
    /// The clinic's streams and events as of one snapshot of the source, replacing any earlier copy
    /// in the target, in one target transaction (a crash leaves the whole copy or none of it).
    /// </summary>
    public async Task CopyEventsAsync(NpgsqlConnection source, NpgsqlConnection target, CancellationToken ct)
    {
        await using var snapshot = await source.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var write = await target.BeginTransactionAsync(ct);
        await ExecuteAsync(target, $"delete from {schema}.mt_events where tenant_id = {_clinic}; delete from {schema}.mt_streams where tenant_id = {_clinic}", ct);
        var streams = await ColumnsAsync(target, "mt_streams", ct);
        await PipeAsync(source, $"select {streams} from {schema}.mt_streams where tenant_id = {_clinic}", target, $"{schema}.mt_streams ({streams})", ct);
        await CopyEventRowsAsync(source, target, $"where tenant_id = {_clinic}", ct);
        await write.CommitAsync(ct);
        await snapshot.CommitAsync(ct);
        // Before autovacuum notices the new rows the planner takes the tables for small ones: the
        // rebuild's reads then scan all of mt_events per chunk (timed out on a 10,000-patient clinic).
        await ExecuteAsync(target, $"analyze {schema}.mt_streams; analyze {schema}.mt_events", ct);
    }

    /// <summary>
    /// What the clinic appended in the source since <see cref="CopyEventsAsync"/> (by stream version,
    /// so it is exact whatever order the writes committed in): copies it; the streams that changed.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CopyChangesAsync(NpgsqlConnection source, NpgsqlConnection target, CancellationToken ct)
    {
        var streams = await ColumnsAsync(target, "mt_streams", ct);
        await ExecuteAsync(target, $"create temp table if not exists moving_streams (like {schema}.mt_streams); truncate moving_streams", ct);
        await PipeAsync(source, $"select {streams} from {schema}.mt_streams where tenant_id = {_clinic}", target, $"moving_streams ({streams})", ct);

        var changed = new List<(Guid Id, long From)>();
        await using (var read = Command(
            $"select s.id, coalesce(t.version, 0) from moving_streams s left join {schema}.mt_streams t on t.tenant_id = s.tenant_id and t.id = s.id " +
            "where t.id is null or s.version is distinct from t.version or s.is_archived is distinct from t.is_archived", target))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) changed.Add((reader.GetGuid(0), reader.GetInt64(1)));
        if (changed.Count == 0) return [];

        await using var write = await target.BeginTransactionAsync(ct);
        var assignments = string.Join(", ", streams.Split(", ").Where(c => c is not ("tenant_id" or "id")).Select(c => $"{c} = excluded.{c}"));
        await ExecuteAsync(target,
            $"insert into {schema}.mt_streams ({streams}) select {streams} from moving_streams on conflict (tenant_id, id) do update set {assignments} " +
            $"where {schema}.mt_streams.version is distinct from excluded.version or {schema}.mt_streams.is_archived is distinct from excluded.is_archived", ct);
        foreach (var chunk in changed.Chunk(1000))
        {
            var from = string.Join(", ", chunk.Select(c => $"('{c.Id}'::uuid, {c.From})"));
            await CopyEventRowsAsync(source, target,
                $"e join (values {from}) d(stream_id, after) on e.stream_id = d.stream_id and e.version > d.after where e.tenant_id = {_clinic}", ct);
        }
        await write.CommitAsync(ct);
        return changed.Select(c => c.Id).ToList();
    }

    /// <summary>The clinic's rows of a table, replacing the target's (one transaction per table).</summary>
    public async Task CopyTableAsync(NpgsqlConnection source, NpgsqlConnection target, string table, CancellationToken ct)
    {
        var columns = await ColumnsAsync(target, table, ct);
        await using var write = await target.BeginTransactionAsync(ct);
        await ExecuteAsync(target, $"delete from {schema}.{table} where tenant_id = {_clinic}", ct);
        await PipeAsync(source, $"select {columns} from {schema}.{table} where tenant_id = {_clinic}", target, $"{schema}.{table} ({columns})", ct);
        await write.CommitAsync(ct);
    }

    /// <summary>The clinic's rows of a table written since <paramref name="since"/> that the target lacks (an append-only log).</summary>
    public async Task CopyMissingAsync(NpgsqlConnection source, NpgsqlConnection target, string table, DateTimeOffset since, CancellationToken ct)
    {
        var columns = await ColumnsAsync(target, table, ct);
        await ExecuteAsync(target, $"create temp table if not exists moving_{table} (like {schema}.{table}); truncate moving_{table}", ct);
        await PipeAsync(source,
            $"select {columns} from {schema}.{table} where tenant_id = {_clinic} and mt_last_modified >= '{since.UtcDateTime:O}'::timestamptz",
            target, $"moving_{table} ({columns})", ct);
        await ExecuteAsync(target, $"insert into {schema}.{table} ({columns}) select {columns} from moving_{table} on conflict do nothing", ct);
    }

    /// <summary>
    /// Deletes the clinic's rows from these tables, its events and streams, and Marten's record of
    /// placing it here (<c>mt_tenant_partitions</c>, kept by sharded tenancy even without
    /// partitions), in one transaction: the database keeps no trace of the clinic.
    /// </summary>
    public async Task DeleteAsync(NpgsqlConnection database, IEnumerable<string> tables, CancellationToken ct)
    {
        await using var write = await database.BeginTransactionAsync(ct);
        foreach (var table in tables.Append("mt_event_projection_floors").Append("mt_events").Append("mt_streams"))
            await ExecuteAsync(database, $"delete from {schema}.{table} where tenant_id = {_clinic}", ct);
        await using (var placed = Command($"select to_regclass('{schema}.mt_tenant_partitions') is not null", database))
            if ((bool)(await placed.ExecuteScalarAsync(ct))!)
                await ExecuteAsync(database, $"delete from {schema}.mt_tenant_partitions where partition_value = {_clinic}", ct);
        await write.CommitAsync(ct);
    }

    /// <summary>
    /// Count and an order-independent checksum of the clinic's rows of a table (events without their
    /// sequence numbers, which differ by design): equal in both databases when the copy is whole.
    /// </summary>
    public async Task<string> FingerprintAsync(NpgsqlConnection database, string table, CancellationToken ct)
    {
        var columns = string.Join(", ", (await ColumnsAsync(database, table, ct)).Split(", ").Where(c => !(table == "mt_events" && c == "seq_id")));
        await using var command = Command(
            $"select count(*) || ' rows, checksum ' || coalesce(sum(hashtextextended(r::text, 0)::numeric), 0) " +
            $"from (select {columns} from {schema}.{table} where tenant_id = {_clinic}) r", database);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The rows COPY moves of the clinic's events, into a staging table, then into mt_events with the target's sequence.</summary>
    private async Task CopyEventRowsAsync(NpgsqlConnection source, NpgsqlConnection target, string filter, CancellationToken ct)
    {
        var all = await ColumnsAsync(target, "mt_events", ct);
        var kept = string.Join(", ", all.Split(", ").Where(c => c != "seq_id"));
        await ExecuteAsync(target, $"create temp table if not exists moving_events (like {schema}.mt_events); truncate moving_events", ct);
        var selected = string.Join(", ", all.Split(", ").Select(c => "e." + c));
        await PipeAsync(source, $"select {selected} from {schema}.mt_events {(filter.StartsWith("where", StringComparison.Ordinal) ? "e " : "")}{filter}", target, $"moving_events ({all})", ct);
        await ExecuteAsync(target,
            $"insert into {schema}.mt_events ({kept}, seq_id) select {kept}, nextval('{schema}.mt_events_sequence') from (select * from moving_events order by seq_id offset 0) m", ct);
    }

    private static async Task PipeAsync(NpgsqlConnection source, string select, NpgsqlConnection target, string into, CancellationToken ct)
    {
        await using var reader = await source.BeginRawBinaryCopyAsync($"copy ({select}) to stdout (format binary)", ct);
        await using var writer = await target.BeginRawBinaryCopyAsync($"copy {into} from stdin (format binary)", ct);
        reader.ReadTimeout = writer.WriteTimeout = (int)Patient.TotalMilliseconds;
        await reader.CopyToAsync(writer, ct);
    }

    /// <summary>
    /// How long one statement of a move may take: a large clinic's events are one statement, far
    /// beyond Npgsql's 30 s default; the cancellation token still stops it.
    /// </summary>
    private static readonly TimeSpan Patient = TimeSpan.FromHours(1);

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection) =>
        new(sql, connection) { CommandTimeout = (int)Patient.TotalSeconds };

    private async Task<string> ColumnsAsync(NpgsqlConnection database, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select string_agg(quote_ident(column_name), ', ' order by ordinal_position) from information_schema.columns where table_schema = $1 and table_name = $2", database);
        command.Parameters.Add(new() { Value = schema });
        command.Parameters.Add(new() { Value = table });
        return await command.ExecuteScalarAsync(ct) as string ?? throw new InvalidOperationException($"{schema}.{table} does not exist in {database.Database}: run db-apply.");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = Command(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
