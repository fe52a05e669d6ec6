using JasperFx;
using JasperFx.MultiTenancy;
using JasperFx.Events;
using Marten;
using Marten.Storage;
using Npgsql;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Reports;
using TreatmentPlatform.Care;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Platform.Databases;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using Weasel.Core;
using TreatmentPlatform.Interop;
using Wolverine.Marten;

namespace TreatmentPlatform.Platform;

public static class Persistence
{
    public const string ConnectionStringName = "Marten";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } cs
            ? Tuned(cs)
            : throw new InvalidOperationException(
                "No database configured. Set ConnectionStrings__Marten, or start the project database with scripts/db.sh (scripts/run-api.sh does both).");

    /// <summary>
    /// Defaults measured in bench/ (an operator's explicit setting wins): Marten's statements are
    /// the same few shapes, so preparing them halves PostgreSQL's CPU per write; and a pool sized
    /// to the cores queues requests in the API instead of thrashing many busy backends
    /// (dose writes on 2 cores, 1,000 short-history patients, 32 connections: 190 → 507 requests/s).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare")) tuned.MaxAutoPrepare = 200;
        if (!Mentions(connectionString, "Auto Prepare Min Usages")) tuned.AutoPrepareMinUsages = 2;
        if (!PoolSizeKeys.Any(key => Mentions(connectionString, key)))
            tuned.MaxPoolSize = Math.Max(8, Environment.ProcessorCount * 4);
        // Sessions set no server state, so a pooled connection need not be reset (a round trip per
        // request: 24,000 "SET SESSION AUTHORIZATION DEFAULT" in 20 s of bench S1).
        if (!Mentions(connectionString, "No Reset On Close")) tuned.NoResetOnClose = true;
        return tuned.ConnectionString;
    }

    private static readonly string[] PoolSizeKeys = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    private static bool Mentions(string connectionString, string key) =>
        connectionString.Contains(key, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the store keeps events and documents; the benchmark's floor (S0) uses the same.</summary>
    public static void StoreSettings(this StoreOptions opts, string connectionString, string schema)
    {
        opts.Connection(connectionString);
        opts.StoreShape(schema);
    }

    private static void StoreShape(this StoreOptions opts, string schema)
    {
        opts.DatabaseSchemaName = schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        // One clinic is one tenant: every document and event row carries its tenant id.
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.AppendMode = EventAppendMode.Quick;
        // The decision state fetched for a command is the one the inline projection moves on (it
        // is immutable), instead of being loaded a second time when the events are saved.
        opts.Events.UseIdentityMapForAggregates = true;
    }

    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var several = SeveralDatabases.From(builder.Configuration);
        var connectionString = several?.Master ?? ConnectionString(builder.Configuration);
        builder.Services.AddMarten(opts =>
            {
                if (several is null) opts.StoreSettings(connectionString, "tp");
                else
                {
                    // Every clinic's rows stay conjoined (tenant_id) inside the database it lives in,
                    // in the same tables as with one database.
                    opts.StoreShape("tp");
                    several.Apply(opts, "tp");
                }
                // A sequence number burned by a rolled-back append (a lost race, a refused command)
                // holds the read models back until the daemon skips it: half a second, not three.
                opts.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(500);
                // How often the daemon looks for new events: a caseload shows a write within about
                // this long (the defaults, 250 ms busy and 1 s quiet, made S4's lag about a second).
                opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);

                opts.AutoCreateSchemaObjects = builder.Environment.IsProduction() ? AutoCreate.None : AutoCreate.CreateOrUpdate;

                opts.ConfigureClinics();
                opts.ConfigurePatients();
                opts.ConfigurePrivacy();
                opts.ConfigureCare();
                opts.ConfigureReports();
                opts.ConfigureInterop();
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddProjectionWithServices<CareRowProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Async, ServiceLifetime.Singleton)
            // Wolverine runs the projection daemon and spreads it over the nodes (one node per
            // projection and database at a time; another takes over when a node dies). A process
            // set to ReadModels:RunProjections=false projects nothing (test helpers, tools).
            .IntegrateWithWolverine(w =>
            {
                w.UseWolverineManagedEventSubscriptionDistribution = builder.Configuration.GetValue("ReadModels:RunProjections", true);
                // With several databases each keeps its own outbox and inbox (a clinic's messages carry
                // its tenant id); the master keeps the nodes, agents and messages of no clinic.
                if (several is not null) w.MainDatabaseConnectionString = several.Master;
            });

        // Marten logs every failed batch as an error, including the lost races LostRaceRetry
        // expects and retries; genuine failures still surface as exceptions the host logs.
        builder.Logging.AddFilter("Marten.IDocumentStore", LogLevel.Critical);

        if (several is null)
            builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "database", tags: ["ready"]);
        else
        {
            builder.Services.AddHealthChecks().AddCheck<DatabasesHealth>("databases", tags: ["ready"]);
            builder.Services.AddHostedService<PlacementRefresh>();
        }
        return builder;
    }
}
