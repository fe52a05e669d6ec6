using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Reading;
using TreatmentPlatform.Privacy;

namespace TreatmentPlatform.Patients.Listing;

public sealed record PatientPage(IReadOnlyList<PatientView> Items, long Total);

public static class ListPatientsEndpoint
{
    public const int MaxPageSize = 200;

    [WolverineGet("/api/patients")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<PatientPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, AccessLogWriter log, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var args = new QueryArgs(http.Request.Query);
        PatientStatus? status = null;
        if (http.Request.Query["status"].ToString() is { Length: > 0 } s)
        {
            status = s switch { "enrolled" => PatientStatus.Enrolled, "active" => PatientStatus.Active, "discharged" => PatientStatus.Discharged, _ => null };
            args.Errors.When(status is null, "status", "status must be enrolled, active or discharged.");
        }
        var counselorId = args.Id("counselorId");
        args.Errors.When(counselorId == Guid.Empty, "counselorId", "counselorId must be a user id.");
        var (page, pageSize) = args.Paging(MaxPageSize);
        if (args.Errors.ToResult() is { } invalid) return invalid;

        IQueryable<PatientState> patients = session.Query<PatientState>();
        if (status is { } st) patients = patients.Where(p => p.Status == st);
        if (counselorId is { } counselor) patients = patients.Where(p => p.CounselorId == counselor);
        var (paged, total) = await patients.OrderBy(p => p.EnrolledOn).ThenBy(p => p.Id).PageAsync(page, pageSize, ct);

        var people = (await session.LoadManyAsync<PatientDemographics>(ct, paged.Select(p => p.Id))).ToDictionary(d => d.Id);
        await log.ReadManyAsync(http, paged.Select(p => p.Id), clock.GetUtcNow());
        return Results.Ok(new PatientPage(paged.Select(p => PatientView.From(p, people.GetValueOrDefault(p.Id))).ToList(), total));
    }
}
