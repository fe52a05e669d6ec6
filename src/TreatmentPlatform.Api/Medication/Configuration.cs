using Marten;

namespace TreatmentPlatform.Medication;

public static class MedicationConfiguration
{
    public static void ConfigureMedication(this StoreOptions opts)
    {
        opts.Events.AddEventType<MedicationPlanSet>();
        opts.Events.AddEventType<OralDoseTaken>();
        opts.Events.AddEventType<InjectionAdministered>();
        opts.Events.AddEventType<ImplantInserted>();
        opts.Events.AddEventType<ImplantRemoved>();
        opts.Events.AddEventType<SupplyEnteredInError>();
    }
}
