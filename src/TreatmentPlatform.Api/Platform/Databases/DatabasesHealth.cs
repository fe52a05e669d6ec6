using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Weasel.Core.MultiTenancy;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>
/// Readiness with several databases: every database in the master's registry (including any added
/// at run time) is asked for <c>select 1</c> and named with its state. One that is down makes the
/// node Degraded, not Unhealthy: the node keeps serving the clinics on the others (those on the lost
/// one get 503). Only a lost master, without which no clinic can be placed, is Unhealthy.
/// </summary>
public sealed class DatabasesHealth(IDocumentStore store) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pool = (ITenantDatabasePool)store.Options.Tenancy;
        IReadOnlyList<PooledDatabase> databases;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            databases = await pool.ListDatabasesAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("master: down", e, new Dictionary<string, object> { ["master"] = "down" });
        }

        var states = await Task.WhenAll(databases.Select(async d => (d.DatabaseId, Up: await AnswersAsync(d.ConnectionString, cancellationToken))));
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["master"] = "up" };
        foreach (var (id, up) in states.OrderBy(s => s.DatabaseId, StringComparer.Ordinal)) data[id] = up ? "up" : "down";
        var down = states.Where(s => !s.Up).Select(s => s.DatabaseId).Order(StringComparer.Ordinal).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy($"{states.Length} clinic database(s) up", data)
            : HealthCheckResult.Degraded($"down: {string.Join(", ", down)}", data: data);
    }

    private static async Task<bool> AnswersAsync(string connectionString, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            // A fresh connection each time: a pooled one left from before a restart would report a
            // database that is back as down.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
