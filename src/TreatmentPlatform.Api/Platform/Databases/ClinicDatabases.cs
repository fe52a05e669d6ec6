using Npgsql;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>The databases that hold clinics: the one database, or every database of the pool as the master lists it now.</summary>
public static class ClinicDatabases
{
    public static async Task<IReadOnlyList<string>> ConnectionStringsAsync(IConfiguration configuration, CancellationToken ct)
    {
        if (SeveralDatabases.From(configuration) is not { } several) return [Persistence.ConnectionString(configuration)];
        // Databases added at run time are in the registry only; those of the configuration may not be registered yet.
        var databases = new HashSet<string>(several.Pool.Values, StringComparer.Ordinal);
        await using var master = new NpgsqlConnection(several.Master);
        await master.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select connection_string from tp.mt_database_pool", master);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) databases.Add(reader.GetString(0));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Before the registry exists (a first start): the configured databases are all there are.
        }
        return [.. databases];
    }
}
