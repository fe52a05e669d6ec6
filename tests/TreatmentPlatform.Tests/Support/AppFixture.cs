using Alba;
using JasperFx.CommandLine;
using Marten;
using Npgsql;
using Wolverine;

namespace TreatmentPlatform.Tests.Support;

/// <summary>
/// The real host, booted once per test run against a real PostgreSQL. Every test works in a
/// clinic (tenant) of its own, so tests never see each other's data; the store is wiped once
/// at start so each run begins clean.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private IAsyncDisposable? _container;

    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (ConnectionString, _container) = await TestDatabase.ResolveAsync();
        JasperFxEnvironment.AutoStartHost = true;
        Environment.SetEnvironmentVariable("ConnectionStrings__Marten", ConnectionString);
        // Small export chunks, so a handful of patients already spans several of them.
        Environment.SetEnvironmentVariable("Export__PatientsPerChunk", "3");
        // Wiped before the host starts, so the projection daemon never sees its progress vanish
        // (events, documents, envelopes and node records of earlier runs all go).
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("drop schema if exists tp cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        // This host runs every projection at once (no leader election first); the API processes
        // some tests start beside it only serve requests (ReadModels__RunProjections=false).
        Host = await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.RunWolverineInSoloMode()));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_container is not null) await _container.DisposeAsync();
    }

    public TestClinic NewClinic() => new(Host);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}
