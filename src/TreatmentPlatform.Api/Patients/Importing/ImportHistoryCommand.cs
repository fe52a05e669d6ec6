using System.Diagnostics;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TreatmentPlatform.Patients.Importing;

public class ImportHistoryInput : NetCoreInput
{
    [Description("The clinic (tenant) the patients belong to")]
    public string ClinicFlag { get; set; } = "";

    [Description("Newline-delimited JSON, one patient history a line ('-' reads standard input)")]
    public string FileFlag { get; set; } = "-";
}

[Description("Bulk-imports patient histories (events, records and read models), showing progress", Name = "import-history")]
public class ImportHistoryCommand : JasperFxAsyncCommand<ImportHistoryInput>
{
    public override async Task<bool> Execute(ImportHistoryInput input)
    {
        if (string.IsNullOrWhiteSpace(input.ClinicFlag))
        {
            await Console.Error.WriteLineAsync("--clinic is required.");
            return false;
        }
        using var host = input.BuildHost();
        // The schema must exist before COPY; a fresh database gets it here as the API would at start.
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var import = new HistoryImport(host.Services.GetRequiredService<IDocumentStore>());
        using var reader = input.FileFlag == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(input.FileFlag);
        var clock = Stopwatch.StartNew();
        try
        {
            var done = await import.RunAsync(input.ClinicFlag, reader, p =>
                Console.Error.Write($"\r{p.Clinic}: {p.Patients:N0} patients, {p.Events:N0} events, {p.Events / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} events/s   "),
                CancellationToken.None);
            await Console.Error.WriteLineAsync();
            Console.WriteLine($"imported clinic={done.Clinic} patients={done.Patients} events={done.Events} seconds={clock.Elapsed.TotalSeconds:F2} events_per_second={done.Events / clock.Elapsed.TotalSeconds:F0}");
            return true;
        }
        catch (ImportRefusedException e)
        {
            await Console.Error.WriteLineAsync($"\nimport stopped at {e.Message}. Lines before its batch of {HistoryImport.Batch} were imported.");
            return false;
        }
    }
}
