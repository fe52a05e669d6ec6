using System.Collections.Concurrent;
using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Privacy;

/// <summary>
/// Writes an access-log entry for every authenticated request that names a patient, before the
/// endpoint runs: no read of a record happens without its entry. Endpoints that run through
/// PatientCommands get the entry handed over instead and save it in their own transaction
/// (one commit per write, and the entry exists exactly when the command's outcome does).
/// </summary>
public sealed class AccessAudit(RequestDelegate next, IDocumentStore store, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<Endpoint, bool> CommandEndpoints = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true || PatientIdOf(context) is not { } patientId)
        {
            await next(context);
            return;
        }

        var caller = Caller.From(context.User);
        var entry = Entry(context, caller, patientId, clock.GetUtcNow());
        if (context.GetEndpoint() is not { } endpoint || !CommandEndpoints.GetOrAdd(endpoint, RunsPatientCommands))
        {
            await SaveAsync(caller.Clinic, entry, context.RequestAborted);
            await next(context);
            return;
        }

        context.Features.Set(new PendingAccessLogEntry(entry));
        await next(context);
        // Refused before the command ran (e.g. a 400 from validation): the entry is still written.
        if (TakePending(context) is { } untaken) await SaveAsync(caller.Clinic, untaken, CancellationToken.None);
    }

    private async Task SaveAsync(string clinic, AccessLogEntry entry, CancellationToken ct)
    {
        await using var session = store.LightweightSession(clinic);
        session.Insert(entry);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>The entry PatientCommands must save with the command (null when the middleware already saved it).</summary>
    public static AccessLogEntry? TakePending(HttpContext context)
    {
        var pending = context.Features.Get<PendingAccessLogEntry>();
        context.Features.Set<PendingAccessLogEntry>(null);
        return pending?.Entry;
    }

    private static bool RunsPatientCommands(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Wolverine.Http.HttpChain>()?.Method.Method.GetParameters()
            .Any(p => p.ParameterType == typeof(PatientCommands)) == true;

    private sealed record PendingAccessLogEntry(AccessLogEntry Entry);

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
