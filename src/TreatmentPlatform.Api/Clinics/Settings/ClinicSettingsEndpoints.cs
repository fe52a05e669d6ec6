using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Reports.Scheduling;
using Wolverine;

namespace TreatmentPlatform.Clinics.Settings;

/// <summary>The whole settings document; omitted fields keep their current value.</summary>
public sealed record UpdateClinicSettings(
    string? TimeZone, decimal? PdcThreshold, decimal? CounselingThreshold, int? InductionPendingDays,
    int? InjectionDueWindowDays, int? ImplantExpiringWindowDays, int? InactiveDays, decimal? CounselingOverdueFactor,
    int? ContinuityGapDays, int? ContinuitySpanDays, string? MrnSystem);

public static class GetClinicSettingsEndpoint
{
    [WolverineGet("/api/clinic/settings")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ClinicSettings>(StatusCodes.Status200OK)]
    public static async Task<ClinicSettings> Get(IQuerySession session, CancellationToken ct) =>
        await ClinicCalendar.SettingsAsync(session, ct);
}

public static class UpdateClinicSettingsEndpoint
{
    public static ProblemDetails Validate(UpdateClinicSettings request) => new InputErrors()
        .When(request.TimeZone is not null && !IsZone(request.TimeZone), "timeZone", "timeZone must be an IANA time zone such as America/Chicago.")
        .When(request.PdcThreshold is <= 0 or > 1, "pdcThreshold", "pdcThreshold must be in (0, 1].")
        .When(request.CounselingThreshold is <= 0 or > 1, "counselingThreshold", "counselingThreshold must be in (0, 1].")
        .When(request.InductionPendingDays is < 1 or > 365, "inductionPendingDays", "inductionPendingDays must be 1–365.")
        .When(request.InjectionDueWindowDays is < 0 or > 60, "injectionDueWindowDays", "injectionDueWindowDays must be 0–60.")
        .When(request.ImplantExpiringWindowDays is < 0 or > 180, "implantExpiringWindowDays", "implantExpiringWindowDays must be 0–180.")
        .When(request.InactiveDays is < 1 or > 365, "inactiveDays", "inactiveDays must be 1–365.")
        .When(request.CounselingOverdueFactor is < 1 or > 10, "counselingOverdueFactor", "counselingOverdueFactor must be 1–10.")
        .When(request.ContinuityGapDays is < 1 or > 90, "continuityGapDays", "continuityGapDays must be 1–90.")
        .When(request.ContinuitySpanDays is < 1 or > 730, "continuitySpanDays", "continuitySpanDays must be 1–730.")
        .Optional(request.MrnSystem, "mrnSystem", 255)
        .When(request.MrnSystem is not null && !IsSystemUri(request.MrnSystem), "mrnSystem",
            "mrnSystem must be an absolute URI naming the clinic's MRNs, such as urn:oid:2.16.840.1.113883.3.1234 or https://clinic.example.org/mrn.")
        .ToProblem();

    [WolverinePut("/api/clinic/settings")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ClinicSettings>(StatusCodes.Status200OK)]
    public static async Task<ClinicSettings> Put(UpdateClinicSettings request, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var current = await ClinicCalendar.SettingsAsync(session, ct);
        var updated = current with
        {
            TimeZone = request.TimeZone ?? current.TimeZone,
            PdcThreshold = request.PdcThreshold ?? current.PdcThreshold,
            CounselingThreshold = request.CounselingThreshold ?? current.CounselingThreshold,
            InductionPendingDays = request.InductionPendingDays ?? current.InductionPendingDays,
            InjectionDueWindowDays = request.InjectionDueWindowDays ?? current.InjectionDueWindowDays,
            ImplantExpiringWindowDays = request.ImplantExpiringWindowDays ?? current.ImplantExpiringWindowDays,
            InactiveDays = request.InactiveDays ?? current.InactiveDays,
            CounselingOverdueFactor = request.CounselingOverdueFactor ?? current.CounselingOverdueFactor,
            ContinuityGapDays = request.ContinuityGapDays ?? current.ContinuityGapDays,
            ContinuitySpanDays = request.ContinuitySpanDays ?? current.ContinuitySpanDays,
            MrnSystem = request.MrnSystem?.Trim() ?? current.MrnSystem,
        };
        session.Store(updated);
        await NightlyReports.EnsureAsync(session, bus, updated, clock.GetUtcNow());
        await session.SaveChangesAsync(ct);
        return updated;
    }

    private static bool IsSystemUri(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "urn";

    private static bool IsZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _) && id.Contains('/', StringComparison.Ordinal);
}
