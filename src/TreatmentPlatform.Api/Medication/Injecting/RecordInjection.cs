using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Injecting;

public sealed record RecordInjection(DateOnly? AdministeredOn, int? DoseMg, InjectionSite? Site, string? Lot, string? DoseOverrideReason, long? ExpectedVersion)
    : IPatientCommand;

public sealed record InjectionResponse(Guid InjectionId, long Version, DateOnly? CoverageEndsOn, bool SameSiteAsPrevious);

/// <summary>The history, only for an injection dated before the last one; null on the usual path.</summary>
public sealed record InjectionHistory(Patient? History);

public static class RecordInjectionEndpoint
{
    public static ProblemDetails Validate(RecordInjection request) => new InputErrors()
        .Required(request.AdministeredOn, "administeredOn")
        .Required(request.Site, "site")
        .Optional(request.Lot, "lot", 64)
        .Optional(request.DoseOverrideReason, "doseOverrideReason", 500)
        .When(request.DoseMg is < 1 or > 1000, "doseMg", "doseMg must be 1–1000.")
        .When(request.DoseMg is { } dose && dose != Regimen.InjectionDoseMg && string.IsNullOrWhiteSpace(request.DoseOverrideReason),
            "doseMg", $"Extended-release injections are {Regimen.InjectionDoseMg} mg; give doseOverrideReason for another dose.")
        .ToProblem();

    public static async Task<InjectionHistory> LoadAsync(RecordInjection request, PatientState patient, IDocumentSession session, CancellationToken ct) =>
        new(request.AdministeredOn < patient.LastInjection?.On ? await PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct) : null);

    public static IResult Before(RecordInjection request, PatientState patient, ClinicDay day)
    {
        var on = request.AdministeredOn!.Value;
        return PatientRules.First(
            MedicationRules.ServiceDate(patient, on, "administeredOn", day.Today),
            MedicationRules.PlanAllows(patient, on, MedicationForm.Injectable)) ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/injections")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<InjectionResponse>(StatusCodes.Status200OK)]
    public static Task<(InjectionResponse, Events)> Post(RecordInjection request, [Patient] PatientState patient, InjectionHistory earlier,
        IDocumentSession session, CancellationToken ct)
    {
        var on = request.AdministeredOn!.Value;
        // Sides should alternate; the same side as the last injection is accepted but flagged.
        // The last injection is in the state; one dated before it is compared with the history.
        var previous = earlier.History is null ? patient.LastInjection?.Site
            : earlier.History.Episodes.SelectMany(e => e.Supplies).Where(s => s.Form == MedicationForm.Injectable && s.Date <= on)
                .OrderBy(s => s.Date).LastOrDefault()?.Site;
        var injection = new InjectionAdministered(patient.Id, patient.Episode, Guid.CreateVersion7(), on, request.DoseMg ?? Regimen.InjectionDoseMg,
            request.Site!.Value, request.Lot?.Trim(), previous == request.Site, request.DoseOverrideReason?.Trim());
        return PatientChange.Respond(session, patient, [injection],
            after => new InjectionResponse(injection.InjectionId, after.Version, after.CoverageEndsOn, injection.SameSiteAsPrevious), ct, earlier.History);
    }
}
