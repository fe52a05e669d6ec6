using Alba;
using JasperFx.CommandLine;
using Marten;
using Wolverine.Persistence;

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
        Host = await AlbaHost.For<Program>(_ => { });
        // Envelopes (scheduled nightly jobs, dead letters) left by earlier runs go too.
        await Host.ClearAllPersistedWolverineDataAsync();
        await Host.DocumentStore().Advanced.Clean.DeleteAllEventDataAsync();
        await Host.DocumentStore().Advanced.Clean.DeleteAllDocumentsAsync();
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
