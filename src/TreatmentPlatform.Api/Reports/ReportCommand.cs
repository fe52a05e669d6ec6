using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Reports.Building;

namespace TreatmentPlatform.Reports;

public class ReportInput : NetCoreInput
{
    [Description("adherence, retention, medication-plus-counseling, continuity, discharges or outcomes")]
    public string Kind { get; set; } = "";

    [Description("First day, yyyy-MM-dd")]
    public string FromFlag { get; set; } = "";

    [Description("Last day, yyyy-MM-dd")]
    public string ToFlag { get; set; } = "";

    [Description("The clinic (tenant) id")]
    public string ClinicFlag { get; set; } = "";

    [Description("Output file; .csv writes CSV, anything else JSON")]
    public string OutFlag { get; set; } = "";
}

[Description("Computes a report for a clinic and period into a file", Name = "report")]
public class ReportCommand : JasperFxAsyncCommand<ReportInput>
{
    public override async Task<bool> Execute(ReportInput input)
    {
        if (!ReportKinds.TryParse(input.Kind, out var kind) || !DateOnly.TryParse(input.FromFlag, out var from) || !DateOnly.TryParse(input.ToFlag, out var to)
            || string.IsNullOrWhiteSpace(input.ClinicFlag) || string.IsNullOrWhiteSpace(input.OutFlag) || from > to)
        {
            Console.Error.WriteLine($"Usage: report KIND --from yyyy-MM-dd --to yyyy-MM-dd --clinic ID --out FILE (KIND: {ReportKinds.Names})");
            return false;
        }
        using var host = input.BuildHost();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(input.ClinicFlag);
        Console.WriteLine($"Computing {input.Kind} for {input.ClinicFlag}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd} …");
        var computed = await ReportSource.ComputeAsync(session, kind, from, to, CancellationToken.None);
        var json = HttpApi.CreateJson();
        await File.WriteAllTextAsync(input.OutFlag, input.OutFlag.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? ReportCsv.Write(computed.Report)
            : JsonSerializer.Serialize(computed.Report, json));
        Console.WriteLine($"Wrote {computed.Report.Rows.Count} rows to {input.OutFlag} (data version {computed.DataVersion}).");
        return true;
    }
}
