using Marten;
using Marten.Storage;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>
/// Clinics spread over several PostgreSQL databases (Marten's sharded tenancy), configured by
/// <c>Databases:Master</c> (the registry of databases and which clinic lives where, and Wolverine's
/// node and agent tables), <c>Databases:Pool:&lt;id&gt;</c> (the clinics' databases, registered at
/// start-up; more can be added at run time) and <c>Databases:Assignment</c>: <c>explicit</c> (the
/// default: a clinic must be assigned with <c>clinic-databases --assign</c> first), <c>hash</c> or
/// <c>smallest</c> (an unknown clinic is placed by Marten on first use).
/// Without <c>Databases:Master</c> there is one database and nothing here applies.
/// </summary>
public sealed record SeveralDatabases(string Master, IReadOnlyDictionary<string, string> Pool, string Assignment)
{
    public const string Section = "Databases";

    public static SeveralDatabases? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["Master"] is not { Length: > 0 } master) return null;
        var pool = section.GetSection("Pool").GetChildren()
            .Where(d => d.Value is { Length: > 0 })
            .ToDictionary(d => d.Key, d => Persistence.Tuned(d.Value!), StringComparer.Ordinal);
        var assignment = section["Assignment"] is { Length: > 0 } a ? a.ToLowerInvariant() : "explicit";
        if (assignment is not ("explicit" or "hash" or "smallest"))
            throw new InvalidOperationException($"Databases:Assignment is '{assignment}'; use explicit, hash or smallest.");
        return new SeveralDatabases(Persistence.Tuned(master), pool, assignment);
    }

    public void Apply(StoreOptions opts, string schema)
    {
        opts.MultiTenantedWithShardedDatabases(x =>
        {
            x.ConnectionString = Master;
            // The registry lives in the master's "tp" schema and each database's partition list in
            // its own "tp" schema, so dropping "tp" empties a database whatever the mode.
            x.SchemaName = schema;
            x.PartitionSchemaName = schema;
            foreach (var (id, connectionString) in Pool) x.AddDatabase(id, connectionString);
            switch (Assignment)
            {
                case "hash": x.UseHashAssignment(); break;
                case "smallest": x.UseSmallestDatabaseAssignment(); break;
                default: x.UseExplicitAssignment(); break;
            }
        });
        // Sharded mode would give every clinic its own list partition of every document table. A
        // clinic's rows are found by tenant_id anyway (the key's first column), the partitions made
        // document writes slower and S1 on two databases fell behind one (BENCHMARKS.md, "S1 over
        // two databases"), and without them a clinic database has one-database mode's tables.
        opts.Policies.ForAllDocuments(m => m.DisablePartitioningIfAny = true);
    }
}
