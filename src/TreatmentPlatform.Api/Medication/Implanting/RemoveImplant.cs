using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Implanting;

public sealed record RemoveImplant(DateOnly? RemovedOn, string? Reason, long? ExpectedVersion) : IPatientCommand;

public static class RemoveImplantEndpoint
{
    public static ProblemDetails Validate(RemoveImplant request) => new InputErrors()
        .Required(request.RemovedOn, "removedOn")
        .Optional(request.Reason, "reason", 500)
        .ToProblem();

    /// <summary>Removals are rare: the history is always loaded, for the already-removed implant (409).</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(RemoveImplant request, Guid implantId, PatientState patient, Patient history, ClinicDay day)
    {
        // Open implants are in the state; a removed one (already-removed, 409) is found in the history.
        var open = patient.OpenImplants.Find(i => i.Id == implantId);
        var implant = open is null ? history.CurrentEpisode.Supplies.Find(s => s.Id == implantId && s.Form == MedicationForm.Implant) : null;
        var problem = open is null && implant is null
            ? Problems.NotFound("implant in the current episode")
            : PatientRules.First(
                PatientRules.NotDischarged(patient),
                PatientRules.Ending("implant", implant?.RemovedOn, request.RemovedOn!.Value, open?.InsertedOn ?? implant!.Date, "removedOn", day.Today));
        return problem ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/implants/{implantId}/removal")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CoverageResponse>(StatusCodes.Status200OK)]
    public static Task<(CoverageResponse, Events)> Post(Guid implantId, RemoveImplant request, [Patient] PatientState patient, Patient history,
        IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new ImplantRemoved(patient.Id, patient.Episode, implantId, request.RemovedOn!.Value, request.Reason?.Trim())],
            after => new CoverageResponse(after.Version, after.CoverageEndsOn), ct, history);
}
