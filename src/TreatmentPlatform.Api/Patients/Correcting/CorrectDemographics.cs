using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Correcting;

/// <summary>Only the fields given are corrected.</summary>
public sealed record CorrectDemographics(string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Mrn, Sex? Sex, long? ExpectedVersion) : IPatientCommand;

public sealed record DemographicsCorrectedResponse(long Version, IReadOnlyList<string> CorrectedFields);

public static class CorrectDemographicsEndpoint
{
    public static ProblemDetails Validate(CorrectDemographics request) => new InputErrors()
        .When(request.FirstName is not null && string.IsNullOrWhiteSpace(request.FirstName), "firstName", "firstName cannot be blank.")
        .When(request.LastName is not null && string.IsNullOrWhiteSpace(request.LastName), "lastName", "lastName cannot be blank.")
        .Optional(request.FirstName, "firstName", 100)
        .Optional(request.LastName, "lastName", 100)
        .Optional(request.Mrn, "mrn", 64)
        .When(request.DateOfBirth < new DateOnly(1900, 1, 1), "dateOfBirth", "dateOfBirth must be after 1900-01-01.")
        .When(request is { FirstName: null, LastName: null, DateOfBirth: null, Mrn: null, Sex: null }, "body", "Give at least one field to correct.")
        .ToProblem();

    public static IResult Before(PatientState patient) => patient.DemographicsErased
        ? Problems.Conflict("demographics-erased", "This patient's demographics were erased on a lawful request; they cannot be corrected.")
        : WolverineContinue.Result();

    /// <summary>
    /// The correction is appended (DemographicsCorrected names the fields, not the values) and the
    /// demographics document is updated in the same transaction.
    /// </summary>
    [WolverinePut("/api/patients/{id}/demographics")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DemographicsCorrectedResponse>(StatusCodes.Status200OK)]
    public static async Task<(DemographicsCorrectedResponse, Events)> Put(CorrectDemographics request, [Patient] PatientState patient,
        IDocumentSession session, CancellationToken ct)
    {
        var current = await session.LoadAsync<PatientDemographics>(patient.Id, ct) ?? new PatientDemographics { Id = patient.Id };
        var corrected = current with
        {
            FirstName = request.FirstName?.Trim() ?? current.FirstName,
            LastName = request.LastName?.Trim() ?? current.LastName,
            DateOfBirth = request.DateOfBirth ?? current.DateOfBirth,
            Mrn = request.Mrn?.Trim() ?? current.Mrn,
            Sex = request.Sex ?? current.Sex,
        };
        var fields = new List<string>();
        if (corrected.FirstName != current.FirstName) fields.Add("firstName");
        if (corrected.LastName != current.LastName) fields.Add("lastName");
        if (corrected.DateOfBirth != current.DateOfBirth) fields.Add("dateOfBirth");
        if (corrected.Mrn != current.Mrn) fields.Add("mrn");
        if (corrected.Sex != current.Sex) fields.Add("sex");

        if (fields.Count > 0) session.Store(corrected);
        return await PatientChange.Respond(session, patient, fields.Count == 0 ? [] : [new DemographicsCorrected(patient.Id, fields)],
            after => new DemographicsCorrectedResponse(after.Version, fields), ct);
    }
}
