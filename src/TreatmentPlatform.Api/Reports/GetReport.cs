using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Care;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Reports.Building;

namespace TreatmentPlatform.Reports;

public static class GetReportEndpoint
{
    public const int MaxPeriodDays = 3 * 366;

    /// <summary>JSON, or CSV with <c>Accept: text/csv</c>.</summary>
    [WolverineGet("/api/reports/{kind}")]
    [Authorize(Roles = Roles.AdminOrReporter)]
    [ProducesResponseType<ClinicReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get(string kind, IQuerySession session, AccessLogWriter log, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ReportKinds.TryParse(kind, out var reportKind))
            return Results.Problem(title: "not-found", detail: $"Unknown report '{kind}'; reports are {ReportKinds.Names}.", statusCode: StatusCodes.Status404NotFound);
        var args = new QueryArgs(http.Request.Query);
        var period = Period(args.Date("from"), args.Date("to"), args.Errors);
        var minVersion = args.WholeNumber("minVersion");
        if (args.Errors.ToResult() is { } invalid) return invalid;
        await ReadModelWait.UntilCaughtUpAsync(session, null, minVersion, ct);

        var computed = await ReportSource.ComputeAsync(session, reportKind, period.From, period.To, ct);
        await log.ReadManyAsync(http, computed.Report.PatientIds, clock.GetUtcNow());
        http.Response.Headers["X-Data-Version"] = computed.DataVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WantsCsv(http)
            ? Results.Text(ReportCsv.Write(computed.Report), "text/csv; charset=utf-8")
            : Results.Ok(computed.Report);
    }

    public static (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to, InputErrors errors)
    {
        errors.Required(from, "from").Required(to, "to")
            .When(from > to, "from", "from must be on or before to.")
            .When(from is { } f && to is { } t && t.DayNumber - f.DayNumber + 1 > MaxPeriodDays, "to", $"A period is at most {MaxPeriodDays} days.");
        return (from ?? default, to ?? default);
    }

    private static bool WantsCsv(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
}
