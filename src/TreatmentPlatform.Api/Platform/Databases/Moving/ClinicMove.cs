using Npgsql;

namespace TreatmentPlatform.Platform.Databases.Moving;

/// <summary>
/// A clinic's move, as far as it got, kept in the master (<c>clinic_moves</c>) so that running
/// <c>move-clinic</c> again after a crash goes on from the last step that completed.
/// </summary>
public sealed record ClinicMove(string Clinic, string Source, string Target, string Step, DateTimeOffset? ClosedAt, DateTimeOffset? SwitchedAt)
{
    /// <summary>Copying events while the clinic keeps working in its source database.</summary>
    public const string Copying = "copying";
    /// <summary>Writes refused in the source; the rest is copied, rebuilt and verified, then the clinic switches.</summary>
    public const string Closed = "closed";
    /// <summary>The clinic lives in the target; the source copy waits until every node has noticed, then goes.</summary>
    public const string Switched = "switched";
    public const string Done = "done";

    public static async Task<ClinicMove?> LoadAsync(NpgsqlDataSource master, string schema, string clinic, CancellationToken ct)
    {
        await using (var create = master.CreateCommand(
            $"""
            create table if not exists {schema}.clinic_moves (
              clinic varchar primary key, source varchar not null, target varchar not null, step varchar not null,
              closed_at timestamptz, switched_at timestamptz, started_at timestamptz not null default now(), updated_at timestamptz not null default now())
            """))
            await create.ExecuteNonQueryAsync(ct);
        await using var command = master.CreateCommand($"select source, target, step, closed_at, switched_at from {schema}.clinic_moves where clinic = $1");
        command.Parameters.Add(new() { Value = clinic });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ClinicMove(clinic, reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>Records the step (a new move replaces a finished one).</summary>
    public async Task<ClinicMove> SaveAsync(NpgsqlDataSource master, string schema, CancellationToken ct)
    {
        await using var command = master.CreateCommand(
            $"""
            insert into {schema}.clinic_moves (clinic, source, target, step, closed_at, switched_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (clinic) do update set source = excluded.source, target = excluded.target, step = excluded.step,
              closed_at = excluded.closed_at, switched_at = excluded.switched_at, updated_at = now(),
              started_at = case when {schema}.clinic_moves.step = '{Done}' then now() else {schema}.clinic_moves.started_at end
            """);
        foreach (var value in new object?[] { Clinic, Source, Target, Step, ClosedAt, SwitchedAt })
            command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
        return this;
    }

    public static async Task ForgetAsync(NpgsqlDataSource master, string schema, string clinic, CancellationToken ct)
    {
        await using var command = master.CreateCommand($"delete from {schema}.clinic_moves where clinic = $1");
        command.Parameters.Add(new() { Value = clinic });
        await command.ExecuteNonQueryAsync(ct);
    }
}
