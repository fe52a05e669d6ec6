using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes.Reading;

public static class GetOutcomesEndpoint
{
    [WolverineGet("/api/patients/{id}/outcomes")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<OutcomeSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClinicCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        var fromArg = args.Date("from");
        var toArg = args.Date("to");
        if (args.Errors.ToResult() is { } invalid) return invalid;

        var (state, patient) = await PatientRecords.CurrentAsync(session, id, ct);
        if (state is null || patient is null || !Caller.From(http.User).MaySee(state.CounselorId)) return Problems.NotFound("patient");
        var to = toArg ?? await calendar.TodayAsync(session, ct);
        var from = fromArg ?? patient.Episodes[0].EnrolledOn;
        if (from > to) return Problems.Invalid("from", "from must be on or before to.");
        var summary = OutcomeMeasure.For(TreatmentSummary.From(patient).Episodes, from, to);
        return Results.Ok(summary with { Checks = summary.Checks with { ShareNegative = summary.Checks.ShareNegative is { } s ? Math.Round(s, 4) : null } });
    }
}
