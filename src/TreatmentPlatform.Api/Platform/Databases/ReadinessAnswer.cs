using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TreatmentPlatform.Platform.Databases;

/// <summary>
/// The readiness answer: the overall status as ASP.NET Core writes it, then one line per named part
/// (with several databases, each database and its state). One database: just the status, as before.
/// </summary>
public static class ReadinessAnswer
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(report.Status.ToString());
        foreach (var (name, value) in report.Entries.Values.SelectMany(e => e.Data))
            await context.Response.WriteAsync($"\n{name}: {value}");
    }
}
