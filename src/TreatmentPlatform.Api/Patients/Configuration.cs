using JasperFx.Events.Projections;
using Marten;

namespace TreatmentPlatform.Patients;

public static class PatientsConfiguration
{
    public static void ConfigurePatients(this StoreOptions opts)
    {
        opts.Projections.Snapshot<Patient>(SnapshotLifecycle.Inline)
            .Duplicate(x => x.EnrolledOn)
            .Duplicate(x => x.CounselorId!)
            .Duplicate(x => x.Status);
        opts.Schema.For<PatientDemographics>();
    }
}
