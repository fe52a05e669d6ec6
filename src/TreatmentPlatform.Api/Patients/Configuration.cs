using JasperFx.Events.Projections;
using Marten;
using TreatmentPlatform.Platform.Idempotency;

namespace TreatmentPlatform.Patients;

public static class PatientsConfiguration
{
    public static void ConfigurePatients(this StoreOptions opts)
    {
        opts.Projections.Add<PatientStateProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<PatientState>()
            .Duplicate(x => x.EnrolledOn)
            .Duplicate(x => x.CounselorId!)
            .Duplicate(x => x.Status);
        opts.Schema.For<PatientDemographics>();
        opts.Schema.For<IdempotentResponse>().Identity(x => x.Id).Duplicate(x => x.PatientId!).Duplicate(x => x.At);
        opts.Events.AddEventTypes(PatientEvents.All);
    }
}
