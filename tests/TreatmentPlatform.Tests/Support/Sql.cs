using System.Globalization;
using Npgsql;

namespace TreatmentPlatform.Tests.Support;

/// <summary>One number read straight from PostgreSQL, for tests that check what the database holds.</summary>
public static class Sql
{
    /// <summary>On an open connection, inside its transaction if one is open; a statement without a result gives 0.</summary>
    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>On a connection of its own.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ScalarAsync(connection, sql);
    }
}
