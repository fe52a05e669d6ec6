using System.Security.Claims;
using JasperFx.Events;
using Marten;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Platform.Idempotency;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Commanding;

/// <summary>
/// What every patient command does before its own rules, in this order (docs/architecture.md,
/// "Commands"): who is calling, whether the patient is theirs to see, whether this request was
/// already answered, whether the client's expected version still holds, and the clinic's day.
/// Applied by <see cref="PatientCommandPolicy"/> to every endpoint whose request is an
/// <see cref="IPatientCommand"/>.
/// </summary>
public static class PatientCommandMiddleware
{
    public static Caller Load(IPatientCommand command, ClaimsPrincipal user) => Caller.From(user);

    /// <summary>Minimum necessary: a patient outside a counselor's caseload does not exist for them.</summary>
    [WolverineBefore]
    public static IResult CheckScope(IPatientCommand command, IEventStream<PatientState> stream, Caller caller) =>
        stream.Aggregate is { } patient && caller.MaySee(patient.CounselorId) ? WolverineContinue.Result() : Problems.NotFound("patient");

    /// <summary>
    /// A retried request (same Idempotency-Key and body, within the retention) gets the first answer
    /// again and appends nothing. Checked after the scope: a replay never reaches someone who may
    /// no longer see the patient. An answer kept as a receipt goes on to the endpoint, which checks
    /// its rules again and rebuilds it.
    /// </summary>
    [WolverineBefore]
    public static async Task<(IResult, RequestKey)> ReplayAsync(IPatientCommand command, HttpContext http, Caller caller,
        IDocumentSession session, IdempotencySettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (await IdempotencyKey.FromAsync(http, caller.UserId, settings, ct) is not { } key) return (WolverineContinue.Result(), new RequestKey(null));
        var lookup = await key.FindAsync(session, settings, clock.GetUtcNow(), ct);
        if (lookup.Refusal is { } refusal) return (refusal, new RequestKey(lookup));
        return lookup.Stored is { Receipt: false } stored
            ? (IdempotencyKey.Replay(stored), new RequestKey(lookup))
            : (WolverineContinue.Result(), new RequestKey(lookup));
    }

    /// <summary>A retry answered from a receipt was already checked against the version it was made at.</summary>
    [WolverineBefore]
    public static IResult CheckVersion(IPatientCommand command, IEventStream<PatientState> stream, RequestKey key) =>
        key.Receipt is null && command.ExpectedVersion is { } expected && expected != stream.StartingVersion
            ? Problems.Conflict("version-conflict",
                $"expectedVersion {expected} does not match the current version {stream.StartingVersion}. Read the patient again and retry.")
            : WolverineContinue.Result();

    public static Task<ClinicDay> LoadAsync(IPatientCommand command, IDocumentSession session, ClinicCalendar calendar, CancellationToken ct) =>
        ClinicDay.LoadAsync(session, calendar, ct);

    /// <summary>Counted once committed: a refused or lost command is no dose.</summary>
    public static void AfterCommit(IPatientCommand command, Events events, DomainMetrics metrics) => metrics.Appended(events);
}

/// <summary>The request's Idempotency-Key and what was stored under it, when the client sent one.</summary>
public sealed record RequestKey(KeyLookup? Lookup)
{
    /// <summary>The receipt of the first answer, for an endpoint that rebuilds its answer on a retry.</summary>
    public IdempotentResponse? Receipt => Lookup?.Stored is { Receipt: true } stored ? stored : null;
}
