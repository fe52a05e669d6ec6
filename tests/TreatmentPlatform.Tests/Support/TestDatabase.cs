using Testcontainers.PostgreSql;

namespace TreatmentPlatform.Tests.Support;

/// <summary>
/// The PostgreSQL the tests run against: TP_TEST_DATABASE first, Testcontainers second,
/// otherwise a failure that says how to start the project database.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "TP_TEST_DATABASE";

    public static async Task<(string ConnectionString, IAsyncDisposable? Container)> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return (configured, null);

        PostgreSqlContainer? container = null;
        try
        {
            container = new PostgreSqlBuilder("postgres:15").Build();
            await container.StartAsync();
            return (container.GetConnectionString(), container);
        }
        catch (Exception e)
        {
            if (container is not null) await container.DisposeAsync();
            throw new InvalidOperationException(
                $"No test database: {Variable} is not set and Testcontainers could not start PostgreSQL ({e.GetType().Name}). " +
                "Run the tests with scripts/test.sh, or start the project database with " +
                $"`TP_DB_NAME=treatment_tests scripts/db.sh` and export {Variable} with the connection string it prints.", e);
        }
    }
}
