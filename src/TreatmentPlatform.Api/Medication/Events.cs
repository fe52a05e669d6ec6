using TreatmentPlatform.Adherence;

namespace TreatmentPlatform.Medication;

public sealed record MedicationPlanSet(
    Guid PatientId, int Episode, MedicationForm Form, DateOnly StartOn,
    int? DoseMg, OralSchedule? Schedule, int? CoverageDays, string? Product);

public sealed record OralDoseTaken(Guid PatientId, int Episode, Guid DoseId, DateOnly TakenOn, int DoseMg, bool Observed);

public sealed record InjectionAdministered(
    Guid PatientId, int Episode, Guid InjectionId, DateOnly AdministeredOn, int DoseMg, InjectionSite Site,
    string? Lot, bool SameSiteAsPrevious, string? DoseOverrideReason);

public sealed record ImplantInserted(Guid PatientId, int Episode, Guid ImplantId, DateOnly InsertedOn, string Product, int CoverageDays);

public sealed record ImplantRemoved(Guid PatientId, int Episode, Guid ImplantId, DateOnly RemovedOn, string? Reason);

/// <summary>A dose, injection or implant recorded by mistake: it stops counting; the record stays.</summary>
public sealed record SupplyEnteredInError(Guid PatientId, Guid SupplyId, string Reason);
