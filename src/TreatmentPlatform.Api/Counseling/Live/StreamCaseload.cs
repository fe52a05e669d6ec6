using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Counseling.Live;

public static class StreamCaseloadEndpoint
{
    /// <summary>Often enough that proxies keep the connection and a dead one is noticed.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Server-sent events for one caseload: "ready" when connected (the page re-reads then, which
    /// also covers whatever it missed while away), "caseload-changed" each time that caseload's rows
    /// or alerts change, "ping" in between. Events name no patient; the page re-reads the caseload,
    /// which is scoped and audited as always. Scoped like the caseload; audited at connection with
    /// the patients whose changes it will announce.
    /// </summary>
    [WolverineGet("/api/counselors/{id}/stream")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/event-stream")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClinicCalendar calendar, CaseloadSignals signals, AccessLogWriter log,
        TimeProvider clock, IHostApplicationLifetime lifetime, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.IsCounselor && caller.UserId != id)
            return Results.Problem(title: "forbidden", detail: "Counselors see their own caseload only.", statusCode: StatusCodes.Status403Forbidden);
        if (id == Guid.Empty) return Problems.Invalid("id", "The counselor id must be a user id.");

        var today = await calendar.TodayAsync(session, ct);
        var rows = await GetWorklistEndpoint.CandidatesAsync(session, today, id, ct);
        await log.ReadManyAsync(http, rows.Select(r => r.Id), clock.GetUtcNow());
        return TypedResults.ServerSentEvents(Events(signals, caller.Clinic, id, http.RequestAborted, lifetime.ApplicationStopping));
    }

    /// <summary>Ends when the client leaves or the node stops (a stream left open would hold the shutdown; the page reconnects, perhaps to another node).</summary>
    private static async IAsyncEnumerable<SseItem<string>> Events(CaseloadSignals signals, string clinic, Guid counselorId,
        CancellationToken requestAborted, CancellationToken stopping, [EnumeratorCancellation] CancellationToken enumeration = default)
    {
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, enumeration);
        var ct = ends.Token;
        // "ready" comes after the subscription: a page that re-reads then misses no change.
        using var subscription = signals.Subscribe(clinic, counselorId);
        var data = $"{{\"counselorId\":\"{counselorId}\"}}";
        yield return new SseItem<string>(data, "ready") { ReconnectionInterval = TimeSpan.FromSeconds(2) };
        while (!ct.IsCancellationRequested)
        {
            var changed = false;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                beat.CancelAfter(Heartbeat);
                try { changed = await subscription.Changes.WaitToReadAsync(beat.Token) && subscription.Changes.TryRead(out _); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
                catch (OperationCanceledException) { }
            }
            if (ct.IsCancellationRequested) yield break;
            yield return changed ? new SseItem<string>(data, "caseload-changed") : new SseItem<string>("{}", "ping");
        }
    }
}
