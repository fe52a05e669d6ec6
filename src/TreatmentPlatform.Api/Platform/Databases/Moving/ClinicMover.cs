using System.Diagnostics;
using Marten;
using Marten.Storage;
using Npgsql;
using TreatmentPlatform.Care.Rebuilding;
using Weasel.Core.MultiTenancy;

namespace TreatmentPlatform.Platform.Databases.Moving;

/// <summary>
/// Moves a clinic to another database (docs/several-databases.md, "Moving a clinic"):
/// <list type="number">
/// <item>copying: its events, by COPY from one snapshot, while it keeps working; its read models rebuilt in the target;</item>
/// <item>closed: its writes refused in the source (503, Retry-After); what it appended meanwhile and its other documents copied; the changed read models rebuilt; both sides compared;</item>
/// <item>switched: Marten's placement names the target; once every node has re-read it, the audit entries
/// the source took meanwhile are copied and the source's copy is deleted.</item>
/// </list>
/// Each step is recorded in the master when it completes and is safe to run again, so the command
/// goes on where a crash left it. Reads are served from the source until the switch.
/// </summary>
public sealed class ClinicMover(IDocumentStore store, ReadModelRebuild rebuild, NpgsqlDataSource master, TimeSpan settle, Action<string> say)
{
    private const string Schema = "tp";
    private const string AccessLog = "mt_doc_accesslogentry";


    public async Task MoveAsync(string clinic, string to, CancellationToken ct)
    {
        var pool = (ITenantDatabasePool)store.Options.Tenancy;
        var move = await ClinicMove.LoadAsync(master, Schema, clinic, ct);
        if (move is null || move.Step == ClinicMove.Done)
        {
            var current = await pool.FindDatabaseForTenantAsync(clinic, ct)
                ?? throw new MoveRefusedException($"Clinic {clinic} is not placed on any database.");
            if (current == to) throw new MoveRefusedException($"Clinic {clinic} already lives in {to}.");
            if ((await pool.ListDatabasesAsync(ct)).All(d => d.DatabaseId != to)) throw new MoveRefusedException($"There is no database {to} (clinic-databases lists them).");
            move = await new ClinicMove(clinic, current, to, ClinicMove.Copying, null, null).SaveAsync(master, Schema, ct);
        }
        else if (move.Target != to)
            throw new MoveRefusedException($"Clinic {clinic}'s move to {move.Target} is unfinished: run it again with --to {move.Target}, or --abort it.");
        else say($"Resuming the move of {clinic} from {move.Source} to {move.Target} at step {move.Step}.");

        var copy = new ClinicCopy(clinic, Schema);
        var source = await DatabaseAsync(move.Source);
        var target = await DatabaseAsync(move.Target);
        await using var from = await copy.OpenAsync(source, ct);
        await using var into = await copy.OpenAsync(target, ct);
        var total = Stopwatch.StartNew();
        var copiedThisRun = false;

        if (move.Step == ClinicMove.Copying)
        {
            var tables = await PrepareAsync(target, from, into, ct);
            await MoveGuard.InstallAsync(from, Schema, Guarded(tables), ct);
            await MoveGuard.InstallAsync(into, Schema, Guarded(tables), ct);
            var step = Stopwatch.StartNew();
            await copy.CopyEventsAsync(from, into, ct);
            say($"copied: {await copy.FingerprintAsync(into, "mt_events", ct)} of events in {step.Elapsed.TotalSeconds:F1} s");
            step.Restart();
            var rebuilt = await rebuild.On(target).RunAsync(clinic, null, ct);
            say($"rebuilt: {rebuilt.Streams:N0} patients' read models from {rebuilt.Events:N0} events in {step.Elapsed.TotalSeconds:F1} s");
            move = await (move with { Step = ClinicMove.Closed, ClosedAt = DateTimeOffset.UtcNow }).SaveAsync(master, Schema, ct);
            copiedThisRun = true;
        }

        if (move.Step == ClinicMove.Closed)
        {
            var closed = Stopwatch.StartNew();
            await MoveGuard.CloseAsync(from, Schema, clinic, ClinicMove.Closed, ct);
            say($"closed: {clinic}'s writes are refused in {move.Source} until the switch");
            var changed = await copy.CopyChangesAsync(from, into, ct);
            var tables = await TablesAsync(from, ct);
            foreach (var table in tables) await copy.CopyTableAsync(from, into, table, ct);
            // A run resumed here cannot know which patients the interrupted run had copied: all again.
            if (copiedThisRun) await rebuild.On(target).RebuildAsync(clinic, changed, ct);
            else await rebuild.On(target).RunAsync(clinic, null, ct);
            var copied = closed.Elapsed;
            await VerifyAsync(copy, from, into, tables, ct);
            var verified = closed.Elapsed - copied;
            await MoveGuard.CloseAsync(from, Schema, clinic, "moved", ct);
            await MoveGuard.OpenAsync(into, Schema, clinic, ct);
            await store.Advanced.AddTenantToShardAsync(clinic, move.Target, ct);
            move = await (move with { Step = ClinicMove.Switched, SwitchedAt = DateTimeOffset.UtcNow }).SaveAsync(master, Schema, ct);
            say($"switched: {clinic} lives in {move.Target}; {changed.Count:N0} patients changed during the copy; writes were refused for {closed.Elapsed.TotalSeconds:F1} s " +
                $"(copying the rest {copied.TotalSeconds:F1} s, comparing {verified.TotalSeconds:F1} s, switching {(closed.Elapsed - copied - verified).TotalSeconds:F1} s)");
        }

        if (move.Step == ClinicMove.Switched)
        {
            var wait = move.SwitchedAt!.Value + settle - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            // Reads on nodes that had not re-read the placement yet were audited in the source.
            await copy.CopyMissingAsync(from, into, AccessLog, move.ClosedAt!.Value - TimeSpan.FromMinutes(1), ct);
            var step = Stopwatch.StartNew();
            await copy.DeleteAsync(from, await AllClinicTablesAsync(from, ct), ct);
            say($"deleted: {clinic}'s copy in {move.Source} in {step.Elapsed.TotalSeconds:F1} s");
            move = await (move with { Step = ClinicMove.Done }).SaveAsync(master, Schema, ct);
        }
        say($"done: {clinic} moved from {move.Source} to {move.Target} (this run {total.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>Gives up an unfinished move before its switch: the source opens again, the target's copy goes.</summary>
    public async Task AbortAsync(string clinic, CancellationToken ct)
    {
        var move = await ClinicMove.LoadAsync(master, Schema, clinic, ct);
        if (move is null || move.Step == ClinicMove.Done) throw new MoveRefusedException($"Clinic {clinic} has no unfinished move.");
        if (move.Step == ClinicMove.Switched)
            throw new MoveRefusedException($"Clinic {clinic} already lives in {move.Target}: finish the move (--to {move.Target}), then move it back if needed.");
        var copy = new ClinicCopy(clinic, Schema);
        var source = await DatabaseAsync(move.Source);
        var target = await DatabaseAsync(move.Target);
        await using var into = await copy.OpenAsync(target, ct);
        await copy.DeleteAsync(into, await AllClinicTablesAsync(into, ct), ct);
        await using var from = await copy.OpenAsync(source, ct);
        await MoveGuard.OpenAsync(from, Schema, clinic, ct);
        await ClinicMove.ForgetAsync(master, Schema, clinic, ct);
        say($"aborted: {clinic} stays in {move.Source}; its copy in {move.Target} is deleted");
    }

    /// <summary>The target has every table the clinic has rows in.</summary>
    private async Task<IReadOnlyList<string>> PrepareAsync(IMartenDatabase target, NpgsqlConnection from, NpgsqlConnection into, CancellationToken ct)
    {
        await target.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
        var tables = await TablesAsync(from, ct);
        var present = (await TablesAsync(into, ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in tables.Where(t => !present.Contains(t)))
        {
            var mapping = store.Options.AllKnownDocumentTypes().FirstOrDefault(m => m.TableName.Name == missing)
                ?? throw new MoveRefusedException($"{Schema}.{missing} exists in the source only: run db-apply.");
            await target.EnsureStorageExistsAsync(mapping.DocumentType, ct);
        }
        return tables;
    }

    private async Task VerifyAsync(ClinicCopy copy, NpgsqlConnection from, NpgsqlConnection into, IReadOnlyList<string> tables, CancellationToken ct)
    {
        var differences = new List<string>();
        foreach (var table in tables.Where(t => t != AccessLog).Prepend("mt_events").Prepend("mt_streams"))
        {
            // Both servers scan at once: this is most of the time writes stay refused.
            var sides = await Task.WhenAll(copy.FingerprintAsync(from, table, ct), copy.FingerprintAsync(into, table, ct));
            var (source, target) = (sides[0], sides[1]);
            if (source != target) differences.Add($"{table}: source {source}, target {target}");
        }
        var streams = await copy.FingerprintAsync(into, "mt_streams", ct);
        foreach (var model in ReadModelRebuild.ReadModels)
        {
            var table = store.Options.FindOrResolveDocumentType(model).TableName.Name;
            var rows = (await copy.FingerprintAsync(into, table, ct)).Split(' ')[0];
            if (rows != streams.Split(' ')[0]) differences.Add($"{table}: {rows} rows for {streams.Split(' ')[0]} patients");
        }
        if (differences.Count > 0)
            throw new MoveRefusedException("The target differs from the source; the clinic stays closed in the source. Run the move again, or --abort it.\n  " + string.Join("\n  ", differences));
        say($"verified: the {streams.Split(' ')[0]} patients' streams, their events and {tables.Count} other tables are the same in both");
    }

    /// <summary>Tables a move copies: the clinic's rows other than events and the read models rebuilt from them.</summary>
    private async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection database, CancellationToken ct)
    {
        var rebuilt = ReadModelRebuild.ReadModels.Select(m => store.Options.FindOrResolveDocumentType(m).TableName.Name).ToHashSet(StringComparer.Ordinal);
        return (await AllClinicTablesAsync(database, ct))
            .Where(t => !rebuilt.Contains(t)).ToList();
    }

    /// <summary>The guard covers what a write changes; the access log is caught up after the switch instead, so reads never fail.</summary>
    private static IEnumerable<string> Guarded(IReadOnlyList<string> tables) => tables.Where(t => t != AccessLog).Prepend("mt_streams");

    private static async Task<IReadOnlyList<string>> AllClinicTablesAsync(NpgsqlConnection database, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition
              and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
              and c.relname not in ('mt_events', 'mt_streams', 'mt_event_projection_floors')
            order by 1
            """, database);
        command.Parameters.Add(new() { Value = Schema });
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        return tables;
    }

    private async Task<IMartenDatabase> DatabaseAsync(string id) => await store.Storage.FindOrCreateDatabase(id);
}

/// <summary>A move that cannot go on as asked; the message says what to do.</summary>
public sealed class MoveRefusedException(string message) : Exception(message);
