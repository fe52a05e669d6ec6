using JasperFx.Events.Projections;
using Marten;
using TreatmentPlatform.Platform.Idempotency;

namespace TreatmentPlatform.Patients;

public static class PatientsConfiguration
{
    public static void ConfigurePatients(this StoreOptions opts)
    {
        opts.Projections.Add<PatientProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<Patient>()
            .Duplicate(x => x.EnrolledOn)
            .Duplicate(x => x.CounselorId!)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.Version);
        opts.Schema.For<PatientDemographics>();
        opts.Schema.For<IdempotentResponse>().Identity(x => x.Id);

        opts.Events.AddEventType<PatientEnrolled>();
        opts.Events.AddEventType<OpioidFreeVerified>();
        opts.Events.AddEventType<ContraindicationNoted>();
        opts.Events.AddEventType<ContraindicationResolved>();
        opts.Events.AddEventType<CounselorAssigned>();
        opts.Events.AddEventType<CounselingFrequencySet>();
        opts.Events.AddEventType<PatientDischarged>();
        opts.Events.AddEventType<PatientReadmitted>();
        opts.Events.AddEventType<DemographicsCorrected>();
    }

    public static IServiceCollection AddPatients(this IServiceCollection services) =>
        services.AddSingleton<PatientCommands>();
}
