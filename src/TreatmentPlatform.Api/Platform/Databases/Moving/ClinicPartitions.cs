using Npgsql;

namespace TreatmentPlatform.Platform.Databases.Moving;

/// <summary>
/// A clinic's list partitions of the document tables in one database (sharded mode gives each
/// clinic its own). Marten makes and drops them only in the database a clinic is assigned to, which
/// during a move is the other one, so a move makes them in the target and drops them in the source
/// itself: named as Marten names them (<c>{table}_{clinic}</c>, lower case, other characters as
/// <c>_</c>) and recorded in the database's <c>mt_tenant_partitions</c>, so Marten's own assignment
/// at the switch finds them in place.
/// </summary>
public static class ClinicPartitions
{
    public static async Task CreateAsync(NpgsqlConnection database, string schema, string clinic, CancellationToken ct)
    {
        var suffix = new string(clinic.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var parents = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            select p.relname from pg_partitioned_table t join pg_class p on p.oid = t.partrelid join pg_namespace n on n.oid = p.relnamespace
            where n.nspname = $1 and t.partstrat = 'l'
              and not exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                              where i.inhparent = p.oid and pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $2::text))
            """, database))
        {
            find.Parameters.Add(new() { Value = schema });
            find.Parameters.Add(new() { Value = clinic });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) parents.Add(reader.GetString(0));
        }
        var literal = "'" + clinic.Replace("'", "''", StringComparison.Ordinal) + "'";
        foreach (var parent in parents)
        {
            await using var create = new NpgsqlCommand(
                $"create table if not exists {schema}.\"{parent}_{suffix}\" partition of {schema}.{parent} for values in ({literal})", database);
            await create.ExecuteNonQueryAsync(ct);
        }
        await using var register = new NpgsqlCommand(
            $"insert into {schema}.mt_tenant_partitions (partition_value, partition_suffix) values ($1, $1) on conflict do nothing", database);
        register.Parameters.Add(new() { Value = clinic });
        await register.ExecuteNonQueryAsync(ct);
    }

    public static async Task DropAsync(NpgsqlConnection database, string schema, string clinic, CancellationToken ct)
    {
        var partitions = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            select c.oid::regclass::text from pg_inherits i
              join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = p.relnamespace
            where n.nspname = $1 and pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $2::text)
            """, database))
        {
            find.Parameters.Add(new() { Value = schema });
            find.Parameters.Add(new() { Value = clinic });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) partitions.Add(reader.GetString(0));
        }
        foreach (var partition in partitions)
        {
            await using var drop = new NpgsqlCommand($"drop table if exists {partition}", database);
            await drop.ExecuteNonQueryAsync(ct);
        }
        await using var forget = new NpgsqlCommand($"delete from {schema}.mt_tenant_partitions where partition_value = $1", database);
        forget.Parameters.Add(new() { Value = clinic });
        await forget.ExecuteNonQueryAsync(ct);
    }
}
