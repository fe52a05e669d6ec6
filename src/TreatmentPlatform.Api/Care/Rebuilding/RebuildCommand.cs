using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace TreatmentPlatform.Care.Rebuilding;

public class RebuildInput : NetCoreInput
{
    [Description("Only this clinic; every clinic when omitted")]
    public string? ClinicFlag { get; set; }
}

[Description("Rebuilds every read model from the events, showing progress", Name = "rebuild-read-models")]
public class RebuildCommand : JasperFxAsyncCommand<RebuildInput>
{
    public override async Task<bool> Execute(RebuildInput input)
    {
        using var host = input.BuildHost();
        var rebuild = host.Services.GetRequiredService<ReadModelRebuild>();
        var clinics = input.ClinicFlag is { } one ? [one] : await rebuild.ClinicsAsync(CancellationToken.None);
        foreach (var clinic in clinics)
        {
            var done = await rebuild.RunAsync(clinic, p =>
                Console.Write($"\r{p.Clinic}: {p.Events:N0} events read, {p.Streams:N0} patients, {p.Written:N0} written   "), CancellationToken.None);
            Console.WriteLine($"\r{done.Clinic}: {done.Events:N0} events, {done.Streams:N0} patients rebuilt.          ");
        }
        return true;
    }
}
