using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Outcomes;

namespace TreatmentPlatform.Patients.Reading;

/// <summary>The current episode's entries, dated, for the counselor's patient page (trends, timeline, open adverse events).</summary>
public sealed record ChartResponse(
    Guid PatientId, int Episode, DateOnly EnrolledOn, DateOnly? DischargedOn,
    IReadOnlyList<CounselingSessionRecord> Sessions, IReadOnlyList<CravingRecord> Cravings,
    IReadOnlyList<SubstanceCheckRecord> Checks, IReadOnlyList<AdverseEventRecord> AdverseEvents, long Version);

public static class GetChartEndpoint
{
    [WolverineGet("/api/patients/{id}/chart")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<ChartResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        // Folded from the stream up to the decision state: the page sees its own write at once.
        var (state, patient) = await PatientRecords.CurrentAsync(session, id, ct);
        if (state is null || patient is null || !Caller.From(http.User).MaySee(state.CounselorId)) return Problems.NotFound("patient");
        var episode = patient.CurrentEpisode;
        return Results.Ok(new ChartResponse(id, episode.Number, episode.EnrolledOn, episode.DischargedOn,
            [.. episode.Sessions.OrderBy(s => s.HeldOn)], [.. episode.Cravings.OrderBy(c => c.AssessedOn)],
            [.. episode.Checks.OrderBy(c => c.CheckedOn)], [.. episode.AdverseEvents.OrderBy(a => a.OnsetOn)], patient.Version));
    }
}
