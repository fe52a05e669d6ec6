using System.Text.Json;
using JasperFx;

using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Platform.Idempotency;
using Wolverine.Marten.Publishing;
using Wolverine;
using Wolverine.Runtime;

namespace TreatmentPlatform.Patients;

/// <summary>
/// What a command sees: the patient's decision state, the clinic's settings and today in the
/// clinic; <paramref name="History"/> only for the rare commands that ask for it.
/// </summary>
public sealed record PatientCommandContext(PatientState State, Patient? History, ClinicSettings Settings, DateOnly Today, Caller Caller);

/// <summary>A command's answer: the events to append (and documents to store), or a refusal.</summary>
public sealed record Decision(IReadOnlyList<object> Events, IResult? Refusal = null, IReadOnlyList<object>? Documents = null,
    Action<IDocumentSession>? AlsoInSession = null)
{
    public static Decision Append(params object[] events) => new(events);
    public static Decision Refuse(IResult problem) => new([], problem);
}

/// <summary>
/// Runs a command against one patient's stream: load, check scope and expected version, decide,
/// append and save in one transaction. A lost race is retried when the client gave no
/// expectedVersion (the decision is remade on fresh state), else it is a 409. An Idempotency-Key
/// is answered from the stored first response.
/// </summary>
public sealed class PatientCommands(OutboxedSessionFactory sessions, IWolverineRuntime runtime, ClinicCalendar calendar, TimeProvider clock,
    IOptions<JsonOptions> json, DomainMetrics metrics)
{
    private const int Attempts = 5;

    public async Task<IResult> Run(HttpContext http, Guid patientId, long? expectedVersion,
        Func<PatientCommandContext, Decision> decide, Func<PatientState, object> respond, CancellationToken ct,
        Func<PatientState, bool>? needsHistory = null)
    {
        var caller = Caller.From(http.User);
        var key = await IdempotencyKey.FromAsync(http, caller.UserId, ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = OpenSession(caller.Clinic);
            if (key is not null && await key.ReplayAsync(session, ct) is { } replay) return await AnsweredAsync(session, replay, ct);

            var settings = await ClinicCalendar.SettingsAsync(session, ct);
            var stream = await session.Events.FetchForWriting<PatientState>(patientId, ct);
            var state = stream.Aggregate;
            if (state is null || !caller.MaySee(state.CounselorId))
            {
                // Not through this session: saving it would register the fetched stream, empty.
                await using var audit = OpenSession(caller.Clinic);
                return await AnsweredAsync(audit, Problems.NotFound("patient"), ct);
            }
            if (expectedVersion is { } expected && expected != stream.StartingVersion)
                return await AnsweredAsync(session, VersionConflict(expected, stream.StartingVersion ?? 0), ct);

            var history = needsHistory?.Invoke(state) == true ? await PatientHistory.LoadAsync(session, patientId, state.Version, ct) : null;
            var decision = decide(new PatientCommandContext(state, history, settings, calendar.Today(settings), caller));
            if (decision.Refusal is not null) return await AnsweredAsync(session, decision.Refusal, ct);

            stream.AppendMany(decision.Events);
            foreach (var document in decision.Documents ?? []) session.Store(document);
            decision.AlsoInSession?.Invoke(session);
            var after = await PatientHistory.AfterAsync(session, state, history, decision.Events, ct);
            var response = respond(after);
            if (key is not null)
                session.Insert(key.Record(StatusCodes.Status200OK, JsonSerializer.Serialize(response, response.GetType(), json.Value.SerializerOptions), null, clock.GetUtcNow()));

            try
            {
                await session.SaveChangesAsync(ct);
                metrics.Appended(decision.Events);
                return Results.Ok(response);
            }
            catch (Exception e) when (IsLostRace(e) && expectedVersion is null && attempt < Attempts)
            {
                // Someone else appended first: decide again on the new state.
            }
            catch (Exception e) when (IsLostRace(e) && expectedVersion is not null)
            {
                await using var audit = OpenSession(caller.Clinic);
                return await AnsweredAsync(audit, VersionConflict(expectedVersion.Value, null), ct);
            }
            catch (DocumentAlreadyExistsException) when (key is not null)
            {
                // The same key raced us and won: the next attempt replays its response.
            }
        }
    }

    /// <summary>An answer without events still commits what the session holds: the access-log entry.</summary>
    private static async Task<IResult> AnsweredAsync(IDocumentSession session, IResult answer, CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        return answer;
    }

    /// <summary>A session enlisted in Wolverine's outbox: appended events are forwarded if and only if it commits.</summary>
    public IDocumentSession OpenSession(string clinic) => OpenSession(clinic, out _);

    public IDocumentSession OpenSession(string clinic, out IMessageBus bus)
    {
        var context = new MessageContext(runtime);
        bus = context;
        return sessions.OpenSession(context, clinic);
    }

    public static bool IsLostRace(Exception e) => e is ConcurrencyException or Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.TableName?.Contains("events", StringComparison.Ordinal) == true;

    private static IResult VersionConflict(long expected, long? actual) => Problems.Conflict("version-conflict",
        actual is null
            ? $"expectedVersion {expected} is no longer current: the record changed meanwhile. Read it again and retry."
            : $"expectedVersion {expected} does not match the current version {actual}. Read the patient again and retry.");
}
