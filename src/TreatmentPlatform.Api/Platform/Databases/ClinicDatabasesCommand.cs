using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Core.MultiTenancy;

namespace TreatmentPlatform.Platform.Databases;

public class ClinicDatabasesInput : NetCoreInput
{
    [Description("Register a database under this id (with --connection); its schema is applied at once")]
    public string? AddDatabaseFlag { get; set; }

    [Description("The connection string of the database given by --add-database")]
    public string? ConnectionFlag { get; set; }

    [Description("Place this clinic (with --to); a clinic already placed elsewhere is refused")]
    public string? AssignFlag { get; set; }

    [Description("The database id that --assign places the clinic on")]
    public string? ToFlag { get; set; }

    [Description("Place no further clinics on this database")]
    public string? MarkFullFlag { get; set; }
}

/// <summary>
/// Which clinic lives in which database, with several databases (<c>Databases:Master</c>): lists the
/// registry, adds a database, places a clinic, marks a database full. The change is in the master's
/// tables, so running nodes follow it without a restart.
/// </summary>
[Description("Lists, adds and assigns clinic databases (several-database mode)", Name = "clinic-databases")]
public class ClinicDatabasesCommand : JasperFxAsyncCommand<ClinicDatabasesInput>
{
    public override async Task<bool> Execute(ClinicDatabasesInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        if (store.Options.Tenancy is not ITenantDatabasePool pool)
        {
            await Console.Error.WriteLineAsync("One database (no Databases:Master): every clinic lives in it, there is nothing to assign.");
            return false;
        }
        var ct = CancellationToken.None;

        if (input.AddDatabaseFlag is { } id)
        {
            if (input.ConnectionFlag is not { Length: > 0 } connection)
            {
                await Console.Error.WriteLineAsync("--add-database needs --connection.");
                return false;
            }
            await store.Advanced.AddDatabaseToPoolAsync(id, Persistence.Tuned(connection), ct);
            var database = await store.Storage.FindOrCreateDatabase(id);
            await database.ApplyAllConfiguredChangesToDatabaseAsync();
            Console.WriteLine($"Database {id} registered and its schema applied (db-apply also creates Wolverine's tables in it).");
        }

        if (input.AssignFlag is { } clinic)
        {
            if (input.ToFlag is not { Length: > 0 } target)
            {
                await Console.Error.WriteLineAsync("--assign needs --to.");
                return false;
            }
            if (await pool.FindDatabaseForTenantAsync(clinic, ct) is { } current && current != target)
            {
                await Console.Error.WriteLineAsync($"Clinic {clinic} lives in {current}; moving a clinic with its data is not built yet.");
                return false;
            }
            await store.Advanced.AddTenantToShardAsync(clinic, target, ct);
            Console.WriteLine($"Clinic {clinic} is on {target}.");
        }

        if (input.MarkFullFlag is { } full)
        {
            await store.Advanced.MarkDatabaseFullAsync(full, ct);
            Console.WriteLine($"No further clinics are placed on {full}.");
        }

        foreach (var database in await pool.ListDatabasesAsync(ct))
            Console.WriteLine($"{database.DatabaseId}: {database.TenantCount} clinic(s){(database.IsFull ? ", full" : "")}");
        return true;
    }
}
