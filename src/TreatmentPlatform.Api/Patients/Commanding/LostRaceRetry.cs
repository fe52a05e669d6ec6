using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace TreatmentPlatform.Patients.Commanding;

/// <summary>
/// When another request appended to the same patient between this one's read and its commit, the
/// command runs again on the new state; nothing was written, and the response has not started.
/// A client that sent <c>expectedVersion</c> then gets the version check's 409; a request whose
/// Idempotency-Key was just used by a parallel twin gets that twin's answer. Wolverine retries
/// messages but not HTTP chains, so this one middleware wraps the chains the policy marks.
/// </summary>
public sealed class LostRaceRetry(RequestDelegate next)
{
    private const int Attempts = 5;

    public sealed record Marker;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is null)
        {
            await next(context);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (IsLostRace(e) && attempt < Attempts && !context.Response.HasStarted && context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }
        }
    }

    public static bool IsLostRace(Exception e) => e is ConcurrencyException or StreamLockedException or JasperFx.Events.StreamLockedException
        or DocumentAlreadyExistsException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
