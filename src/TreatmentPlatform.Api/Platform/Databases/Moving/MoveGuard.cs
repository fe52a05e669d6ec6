using Npgsql;

namespace TreatmentPlatform.Platform.Databases.Moving;

/// <summary>
/// Refuses a clinic's writes in one database while the clinic is being moved out of it, inside
/// PostgreSQL: a trigger on the tables a write touches (every event append updates
/// <c>mt_streams</c>; the documents that are not read models) raises <see cref="SqlState"/> when
/// <c>clinic_writes_closed</c> names the clinic. Checking in the writer's own transaction, behind a
/// shared advisory lock the mover takes exclusively, leaves no window: once <see cref="CloseAsync"/>
/// returns, every write of the clinic there has committed or will be refused. Installed by the
/// first move that touches a database; a database never involved in a move has no trigger.
/// </summary>
public static class MoveGuard
{
    /// <summary>The SQLSTATE of a refused write (503 with Retry-After to a client, a later retry to a job).</summary>
    public const string SqlState = "TPMOV";

    public static bool Refused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: SqlState }) return true;
        return false;
    }

    /// <summary>The guard table, the function, and the trigger on each of <paramref name="tables"/> (idempotent).</summary>
    public static async Task InstallAsync(NpgsqlConnection connection, string schema, IEnumerable<string> tables, CancellationToken ct)
    {
        var sql = $"""
            create table if not exists {schema}.clinic_writes_closed (
              clinic varchar primary key, state varchar not null, since timestamptz not null default now());
            create or replace function {schema}.clinic_writes_guard() returns trigger language plpgsql as $guard$
            declare
              writer varchar := coalesce(new.tenant_id, old.tenant_id);
              closed varchar;
            begin
              if current_setting('tp.moving', true) = writer then
                return coalesce(new, old);  -- the mover's own copy and clean-up
              end if;
              perform pg_advisory_xact_lock_shared(hashtext('clinic-move:' || writer));
              select state into closed from {schema}.clinic_writes_closed c where c.clinic = writer;
              if closed is not null then
                raise exception 'clinic % is % (moving to another database); retry shortly', writer, closed
                  using errcode = '{SqlState}';
              end if;
              return coalesce(new, old);
            end $guard$;
            """;
        foreach (var table in tables)
            sql += $"\ncreate or replace trigger clinic_writes_guard before insert or update or delete on {schema}.{table} for each row execute function {schema}.clinic_writes_guard();";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Closes the clinic's writes here (<paramref name="state"/>: closed while it is copied, moved
    /// once it lives elsewhere) and waits for the writes already past the check to commit.
    /// </summary>
    public static async Task CloseAsync(NpgsqlConnection connection, string schema, string clinic, string state, CancellationToken ct)
    {
        await using (var close = new NpgsqlCommand(
            $"insert into {schema}.clinic_writes_closed (clinic, state) values ($1, $2) on conflict (clinic) do update set state = excluded.state", connection))
        {
            close.Parameters.Add(new() { Value = clinic });
            close.Parameters.Add(new() { Value = state });
            await close.ExecuteNonQueryAsync(ct);
        }
        // The barrier: granted only when no writer of the clinic holds the shared lock any more.
        foreach (var step in new[] { "pg_advisory_lock", "pg_advisory_unlock" })
        {
            await using var barrier = new NpgsqlCommand($"select {step}(hashtext('clinic-move:' || $1))", connection);
            barrier.Parameters.Add(new() { Value = clinic });
            await barrier.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Opens the clinic's writes here again (the clinic lives here now, or its move was abandoned).</summary>
    public static async Task OpenAsync(NpgsqlConnection connection, string schema, string clinic, CancellationToken ct)
    {
        await using var open = new NpgsqlCommand($"delete from {schema}.clinic_writes_closed where clinic = $1", connection);
        open.Parameters.Add(new() { Value = clinic });
        try
        {
            await open.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No move ever touched this database: nothing is closed.
        }
    }
}
