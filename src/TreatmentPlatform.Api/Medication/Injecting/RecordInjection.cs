using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication.Injecting;

public sealed record RecordInjection(DateOnly? AdministeredOn, int? DoseMg, InjectionSite? Site, string? Lot, string? DoseOverrideReason, long? ExpectedVersion);

public sealed record InjectionResponse(Guid InjectionId, long Version, DateOnly? CoverageEndsOn, bool SameSiteAsPrevious);

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

    [WolverinePost("/api/patients/{id}/injections")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<InjectionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordInjection request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var injectionId = Guid.CreateVersion7();
        var sameSite = false;
        return commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var on = request.AdministeredOn!.Value;
            var problem = PatientRules.First(
                MedicationRules.ServiceDate(c.State, on, "administeredOn", c.Today),
                MedicationRules.PlanAllows(c.State, on, MedicationForm.Injectable));
            if (problem is not null) return Decision.Refuse(problem);

            // Sides should alternate; the same side as the last injection is accepted but flagged.
            // The last injection is in the state; one dated before it is compared with the history.
            var previous = c.History is null ? c.State.LastInjection?.Site
                : c.History.Episodes.SelectMany(e => e.Supplies).Where(s => s.Form == MedicationForm.Injectable && s.Date <= on)
                    .OrderBy(s => s.Date).LastOrDefault()?.Site;
            sameSite = previous == request.Site;
            return Decision.Append(new InjectionAdministered(id, c.State.Episode, injectionId, on, request.DoseMg ?? Regimen.InjectionDoseMg,
                request.Site!.Value, request.Lot?.Trim(), sameSite, request.DoseOverrideReason?.Trim()));
        }, p => new InjectionResponse(injectionId, p.Version, p.CoverageEndsOn, sameSite), ct,
            needsHistory: s => request.AdministeredOn < s.LastInjection?.On);
    }
}
