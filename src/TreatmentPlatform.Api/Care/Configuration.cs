using Marten;
using Wolverine;
using Wolverine.Marten;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Care;

public static class CareConfiguration
{
    public const string Queue = "read-models";

    public static void ConfigureCare(this StoreOptions opts)
    {
        opts.Schema.For<Rebuilding.RebuildRun>();
        opts.Schema.For<PatientCare>()
            .UseNumericRevisions(true)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.CounselorId!)
            .Duplicate(x => x.LatestFactOn)
            .Duplicate(x => x.CoverageEndsOn!)
            .Duplicate(x => x.FirstEnrolledOn)
            .Duplicate(x => x.DischargedOn!);
    }

    /// <summary>The event types whose appends update the read models; a test checks none is missing.</summary>
    public static readonly IReadOnlySet<Type> Forwarded = new HashSet<Type>
    {
        typeof(PatientEnrolled),
        typeof(OpioidFreeVerified),
        typeof(ContraindicationNoted),
        typeof(ContraindicationResolved),
        typeof(CounselorAssigned),
        typeof(CounselingFrequencySet),
        typeof(PatientDischarged),
        typeof(PatientReadmitted),
        typeof(MedicationPlanSet),
        typeof(OralDoseTaken),
        typeof(InjectionAdministered),
        typeof(ImplantInserted),
        typeof(ImplantRemoved),
        typeof(SupplyEnteredInError),
        typeof(CounselingSessionRecorded),
        typeof(CounselingSessionCorrected),
        typeof(CravingAssessed),
        typeof(SubstanceUseChecked),
        typeof(AdverseEventReported),
        typeof(AdverseEventResolved),
        typeof(OutcomeEnteredInError),
        typeof(ConsentGranted),
        typeof(DemographicsCorrected),
        typeof(ConsentRevoked),
        typeof(RecordDisclosed),
        typeof(DemographicsErased),
    };

    /// <summary>Every patient event becomes a PatientChanged message, published if and only if its transaction commits.</summary>
    public static void ForwardPatientEvents(this MartenIntegration integration)
    {
        // Publish appended events from outbox-enlisted sessions; the transforms below route them.
        integration.UseFastEventForwarding = true;
        integration.SubscribeToEvent<PatientEnrolled>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<OpioidFreeVerified>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ContraindicationNoted>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ContraindicationResolved>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<CounselorAssigned>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<CounselingFrequencySet>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<PatientDischarged>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<PatientReadmitted>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<MedicationPlanSet>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<OralDoseTaken>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<InjectionAdministered>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ImplantInserted>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ImplantRemoved>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<SupplyEnteredInError>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<CounselingSessionRecorded>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<CounselingSessionCorrected>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<CravingAssessed>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<SubstanceUseChecked>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<AdverseEventReported>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<AdverseEventResolved>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<OutcomeEnteredInError>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<DemographicsCorrected>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ConsentGranted>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<ConsentRevoked>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<RecordDisclosed>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
        integration.SubscribeToEvent<DemographicsErased>().TransformedTo(e => new PatientChanged(e.StreamId, e.Version));
    }

    public static void RouteCareMessages(this WolverineOptions opts)
    {
        opts.PublishMessage<PatientChanged>().ToLocalQueue(Queue);
        // Failures retry, then land in the dead-letter table where an administrator can replay them.
        opts.LocalQueue(Queue).UseDurableInbox();
        opts.PublishMessage<Rebuilding.RebuildReadModels>().ToLocalQueue("jobs");
        opts.LocalQueue("jobs").UseDurableInbox().MaximumParallelMessages(1);
    }
}

public static class CareServices
{
    public static IServiceCollection AddCare(this IServiceCollection services) => services
        .AddSingleton<ICareProjector, CareProjector>()
        .AddSingleton<Rebuilding.ReadModelRebuild>();
}
