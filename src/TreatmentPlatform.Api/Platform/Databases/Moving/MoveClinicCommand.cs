using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TreatmentPlatform.Care.Rebuilding;
using Weasel.Core.MultiTenancy;

namespace TreatmentPlatform.Platform.Databases.Moving;

public class MoveClinicInput : NetCoreInput
{
    [Description("The clinic to move")]
    public string ClinicFlag { get; set; } = "";

    [Description("The database id it moves to (clinic-databases lists them)")]
    public string? ToFlag { get; set; }

    [Description("Give up the clinic's unfinished move: it stays where it was")]
    public bool AbortFlag { get; set; }
}

/// <summary>
/// <c>move-clinic --clinic X --to DB</c>: moves a clinic with its data to another database (several-database
/// mode). Restartable: run the same command again after a crash and it goes on from the last step done.
/// </summary>
[Description("Moves a clinic with its data to another database; run again to resume", Name = "move-clinic")]
public class MoveClinicCommand : JasperFxAsyncCommand<MoveClinicInput>
{
    public override async Task<bool> Execute(MoveClinicInput input)
    {
        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        if (SeveralDatabases.From(configuration) is not { } several || store.Options.Tenancy is not ITenantDatabasePool)
        {
            await Console.Error.WriteLineAsync("One database (no Databases:Master): there is nowhere to move a clinic to.");
            return false;
        }
        if (input.ClinicFlag is not { Length: > 0 } clinic || (!input.AbortFlag && input.ToFlag is not { Length: > 0 }))
        {
            await Console.Error.WriteLineAsync("Usage: move-clinic --clinic <clinic> --to <database>, or move-clinic --clinic <clinic> --abort");
            return false;
        }

        await using var master = NpgsqlDataSource.Create(several.Master);
        var mover = new ClinicMover(store, host.Services.GetRequiredService<ReadModelRebuild>(), master, PlacementRefresh.Settle(configuration),
            line => Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}"));
        try
        {
            if (input.AbortFlag) await mover.AbortAsync(clinic, CancellationToken.None);
            else await mover.MoveAsync(clinic, input.ToFlag!, CancellationToken.None);
            return true;
        }
        catch (MoveRefusedException refused)
        {
            await Console.Error.WriteLineAsync(refused.Message);
            return false;
        }
    }
}
