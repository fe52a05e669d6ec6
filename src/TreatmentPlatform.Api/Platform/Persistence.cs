using JasperFx;
using JasperFx.MultiTenancy;
using JasperFx.Events;
using Marten;
using Marten.Storage;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Reports;
using TreatmentPlatform.Care;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using Weasel.Core;
using Wolverine.Marten;

namespace TreatmentPlatform.Platform;

public static class Persistence
{
    public const string ConnectionStringName = "Marten";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "No database configured. Set ConnectionStrings__Marten, or start the project database with scripts/db.sh (scripts/run-api.sh does both).");

    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var connectionString = ConnectionString(builder.Configuration);
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = "tp";
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                // One clinic is one tenant: every document and event row carries its tenant id.
                opts.Events.TenancyStyle = TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.AppendMode = EventAppendMode.Quick;
                opts.Events.UseIdentityMapForAggregates = false;

                opts.AutoCreateSchemaObjects = builder.Environment.IsProduction() ? AutoCreate.None : AutoCreate.CreateOrUpdate;

                opts.ConfigureClinics();
                opts.ConfigurePatients();
                opts.ConfigurePrivacy();
                opts.ConfigureMedication();
                opts.ConfigureCounseling();
                opts.ConfigureOutcomes();
                opts.ConfigureCare();
                opts.ConfigureReports();
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(w => w.ForwardPatientEvents());

        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "database", tags: ["ready"]);
        return builder;
    }
}
