using Alba;
using Npgsql;
using Wolverine;

namespace TreatmentPlatform.Tests.Support;

/// <summary>
/// A database of a test's own beside the shared one, for tests where an API process must be the
/// one node (crash tests): the shared test host never works on it.
/// </summary>
public static class SeparateDatabase
{
    /// <summary>
    /// Drops and creates the shared database's name plus <paramref name="suffix"/> on the server of
    /// <paramref name="sharedConnection"/>; its connection string. Named after the shared database, so
    /// two checkouts testing on one server (each with its own TP_TEST_DATABASE) do not collide.
    /// </summary>
    public static async Task<string> CreateAsync(string sharedConnection, string suffix, string? sharedName = null)
    {
        var name = $"{sharedName ?? new NpgsqlConnectionStringBuilder(sharedConnection).Database}_{suffix}";
        await using (var admin = new NpgsqlConnection(sharedConnection))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(sharedConnection) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// The app's own configuration on that database, projecting nothing itself and outside the
    /// API process's cluster (solo), so that process is the one that leads, projects and runs jobs.
    /// </summary>
    public static async Task<IAlbaHost> ToolHostAsync(string connection)
    {
        var shared = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        Environment.SetEnvironmentVariable("ConnectionStrings__Marten", connection);
        Environment.SetEnvironmentVariable("ReadModels__RunProjections", "false");
        try
        {
            return await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.RunWolverineInSoloMode()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Marten", shared);
            Environment.SetEnvironmentVariable("ReadModels__RunProjections", null);
        }
    }
}
