using Marten;

namespace TreatmentPlatform.Outcomes;

public static class OutcomesConfiguration
{
    public static void ConfigureOutcomes(this StoreOptions opts)
    {
        opts.Events.AddEventType<CravingAssessed>();
        opts.Events.AddEventType<SubstanceUseChecked>();
        opts.Events.AddEventType<AdverseEventReported>();
        opts.Events.AddEventType<AdverseEventResolved>();
        opts.Events.AddEventType<OutcomeEnteredInError>();
    }
}
