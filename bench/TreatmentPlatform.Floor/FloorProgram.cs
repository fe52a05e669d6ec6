using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Platform;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace TreatmentPlatform.Floor;

/// <summary>
/// S0, the stack's own floor: the least a Wolverine.Http endpoint can do to append one event to an
/// existing Marten stream, on the project's store settings (conjoined tenancy, quick append, the
/// same serializer and connection defaults). No auth, no rules, no projection: what the API adds
/// on top of it is the API's cost. Used only by bench/run.sh.
/// </summary>
public static class FloorProgram
{
    public const string Clinic = "floor";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connection = Persistence.Tuned(builder.Configuration.GetConnectionString(Persistence.ConnectionStringName)
            ?? throw new InvalidOperationException("Set ConnectionStrings__Marten."));
        builder.Services.AddMarten(opts =>
            {
                opts.StoreSettings(connection, "tp_floor");
                opts.Events.AddEventType<FloorDoseTaken>();
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();
        builder.Host.UseWolverine(opts => opts.ApplicationAssembly = typeof(FloorProgram).Assembly);
        builder.Services.AddWolverineHttp();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        app.MapWolverineEndpoints();
        await app.RunAsync();
    }
}

public sealed record FloorDoseTaken(Guid PatientId, DateOnly TakenOn, int DoseMg, bool Observed);

public sealed record FloorDose(DateOnly TakenOn, int DoseMg, bool Observed);

public static class FloorEndpoints
{
    /// <summary>Starts <paramref name="count"/> streams with one event each; answers their ids, a line each.</summary>
    [WolverinePost("/floor/streams")]
    public static async Task<IResult> Seed([FromQuery] int count, IDocumentStore store)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var chunk in ids.Chunk(1_000))
        {
            await using var session = store.LightweightSession(FloorProgram.Clinic);
            foreach (var id in chunk) session.Events.StartStream(id, new FloorDoseTaken(id, new DateOnly(2026, 1, 1), 50, true));
            await session.SaveChangesAsync();
        }
        return Results.Text(string.Join('\n', ids) + "\n");
    }

    /// <summary>The same route and body as the API's dose, so the same wrk script drives both.</summary>
    [WolverinePost("/api/patients/{id}/doses")]
    public static async Task<IResult> Dose(Guid id, FloorDose dose, IDocumentStore store)
    {
        await using var session = store.LightweightSession(FloorProgram.Clinic);
        session.Events.Append(id, new FloorDoseTaken(id, dose.TakenOn, dose.DoseMg, dose.Observed));
        await session.SaveChangesAsync();
        return Results.Ok(new { version = 0 });
    }
}
