using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace TreatmentPlatform.Care.Rebuilding;

public class DeadLettersInput : NetCoreInput
{
    [Description("Send every dead-lettered message back for processing")]
    public bool ReplayFlag { get; set; }
}

/// <summary>
/// Messages whose handler kept failing after its retries (for example a read-model update) wait
/// in the dead-letter table; this lists them and replays them once the cause is fixed.
/// </summary>
[Description("Lists failed messages (dead letters) and replays them with --replay", Name = "dead-letters")]
public class DeadLettersCommand : JasperFxAsyncCommand<DeadLettersInput>
{
    public override async Task<bool> Execute(DeadLettersInput input)
    {
        using var host = input.BuildHost();
        var deadLetters = host.Services.GetRequiredService<IWolverineRuntime>().Storage.DeadLetters;
        var found = await deadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = 500 }, CancellationToken.None);
        foreach (var group in found.Envelopes.GroupBy(e => (e.MessageType, e.ExceptionType)))
            Console.WriteLine($"{group.Count(),6}  {group.Key.MessageType}  {group.Key.ExceptionType}: {group.First().ExceptionMessage}");
        Console.WriteLine($"{found.TotalCount} dead-lettered message(s).");
        if (input.ReplayFlag && found.TotalCount > 0)
        {
            await deadLetters.ReplayAsync(new DeadLetterEnvelopeQuery(), CancellationToken.None);
            Console.WriteLine("Marked for replay: a running API node picks them up within seconds.");
        }
        return true;
    }
}
