using Marten;

namespace TreatmentPlatform.Privacy;

/// <summary>
/// Writes an access-log entry for every authenticated request that names a patient, before the
/// endpoint runs: no read of a record happens without its entry.
/// </summary>
public sealed class AccessAudit(RequestDelegate next, IDocumentStore store, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && PatientIdOf(context) is { } patientId)
        {
            var caller = Caller.From(context.User);
            await using var session = store.LightweightSession(caller.Clinic);
            session.Insert(Entry(context, caller, patientId, clock.GetUtcNow()));
            await session.SaveChangesAsync(context.RequestAborted);
        }
        await next(context);
    }

    public static AccessLogEntry Entry(HttpContext context, Caller caller, Guid patientId, DateTimeOffset at) => new()
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
