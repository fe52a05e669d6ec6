using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Privacy;

/// <summary>
/// Writes an access-log entry for every authenticated request that names a patient, before the
/// endpoint runs: no read or change of a record happens without its entry. Entries are committed
/// in groups by <see cref="AccessLogWriter"/>; the request waits for its group.
/// </summary>
public sealed class AccessAudit(RequestDelegate next, AccessLogWriter log, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && PatientIdOf(context) is { } patientId)
            await log.WriteAsync(Entry(context, Caller.From(context.User), patientId, clock.GetUtcNow()));
        await next(context);
    }

    public static AccessLogEntry Entry(HttpContext context, Caller caller, Guid? patientId, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        At = at,
        UserId = caller.UserId,
        Role = caller.Role,
        Clinic = caller.Clinic,
        Method = context.Request.Method,
        Route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "",
        PatientId = patientId,
    };

    private static Guid? PatientIdOf(HttpContext context) =>
        context.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var id)
        && context.Request.Path.StartsWithSegments("/api/patients", StringComparison.Ordinal)
            ? id
            : null;
}
