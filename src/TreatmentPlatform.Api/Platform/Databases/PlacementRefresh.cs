using Marten;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>
/// Re-reads which clinic lives in which database (Marten keeps it in memory once looked up), every
/// <c>Databases:PlacementRefreshSeconds</c> (2 s by default): a clinic moved by another process is
/// served from its new database within that time. A move waits <see cref="Settle"/> before it
/// deletes the old copy, so no node still reads it.
/// </summary>
public sealed partial class PlacementRefresh(IDocumentStore store, IConfiguration configuration, ILogger<PlacementRefresh> logger) : BackgroundService
{
    public static TimeSpan Every(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue("Databases:PlacementRefreshSeconds", 2.0));

    /// <summary>Three refresh periods and a margin: every node has re-read the placement by then.</summary>
    public static TimeSpan Settle(IConfiguration configuration) => Every(configuration) * 3 + TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every(configuration));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.Options.Tenancy.BuildDatabases();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The master is away: keep what is known; readiness reports the master.
                LogFailure(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read the clinics' placement from the master")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
