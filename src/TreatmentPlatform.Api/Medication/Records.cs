using TreatmentPlatform.Adherence;

namespace TreatmentPlatform.Medication;

public sealed record MedicationPlanRecord(MedicationForm Form, DateOnly StartOn, int? DoseMg, OralSchedule? Schedule, int? CoverageDays, string? Product);

/// <summary>One administration on the episode's record: a dose, an injection or an implant.</summary>
public sealed record SupplyRecord(
    Guid Id, MedicationForm Form, DateOnly Date, int DoseMg, int CoverageDays,
    InjectionSite? Site = null, string? Product = null, DateOnly? RemovedOn = null)
{
    public Supply ToSupply() => new(Date, CoverageDays, Form, RemovedOn);
}
