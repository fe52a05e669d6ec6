using Marten;
using Weasel.Core.MultiTenancy;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>The databases that hold clinics: the one database, or every database of Marten's pool as the master lists it now.</summary>
public static class ClinicDatabases
{
    public static async Task<IReadOnlyList<string>> ConnectionStringsAsync(IDocumentStore store, IConfiguration configuration, CancellationToken ct) =>
        store.Options.Tenancy is ITenantDatabasePool pool
            ? [.. (await pool.ListDatabasesAsync(ct)).Select(d => d.ConnectionString)]
            : [Persistence.ConnectionString(configuration)];
}
