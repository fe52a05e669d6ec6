using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Reading;

namespace TreatmentPlatform.Patients.Listing;

public sealed record PatientPage(IReadOnlyList<PatientView> Items, long Total);

public static class ListPatientsEndpoint
{
    public const int MaxPageSize = 200;

    [WolverineGet("/api/patients")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<PatientPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new InputErrors();
        PatientStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } s)
        {
            status = s switch { "enrolled" => PatientStatus.Enrolled, "active" => PatientStatus.Active, "discharged" => PatientStatus.Discharged, _ => null };
            errors.When(status is null, "status", "status must be enrolled, active or discharged.");
        }
        Guid? counselorId = null;
        if (query["counselorId"].ToString() is { Length: > 0 } c)
        {
            errors.When(!Guid.TryParse(c, out var parsed), "counselorId", "counselorId must be a GUID.");
            counselorId = parsed;
        }
        var page = Number(query["page"], 1, "page", errors);
        var pageSize = Number(query["pageSize"], 50, "pageSize", errors);
        errors.When(page < 1, "page", "page starts at 1.").When(pageSize is < 1 or > MaxPageSize, "pageSize", $"pageSize must be 1–{MaxPageSize}.");
        if (errors.ToResult() is { } invalid) return invalid;

        IQueryable<Patient> patients = session.Query<Patient>();
        if (status is { } st) patients = patients.Where(p => p.Status == st);
        if (counselorId is { } counselor) patients = patients.Where(p => p.CounselorId == counselor);
        var paged = await patients.OrderBy(p => p.EnrolledOn).ThenBy(p => p.Id).ToPagedListAsync(page, pageSize, ct);

        var people = (await session.LoadManyAsync<PatientDemographics>(ct, paged.Select(p => p.Id))).ToDictionary(d => d.Id);
        return Results.Ok(new PatientPage(paged.Select(p => PatientView.From(p, people.GetValueOrDefault(p.Id))).ToList(), paged.TotalItemCount));
    }

    private static int Number(string? value, int fallback, string field, InputErrors errors)
    {
        if (string.IsNullOrEmpty(value)) return fallback;
        if (int.TryParse(value, out var n)) return n;
        errors.Add(field, $"{field} must be a whole number.");
        return fallback;
    }
}
