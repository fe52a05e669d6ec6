using Marten;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy.Consents;
using Weasel.Postgresql.Tables;

namespace TreatmentPlatform.Privacy;

public static class PrivacyConfiguration
{
    public static void ConfigurePrivacy(this StoreOptions opts)
    {
        opts.Schema.For<AccessLogEntry>()
            .Duplicate(x => x.PatientId)
            .Duplicate(x => x.At, configure: i => i.SortOrder = SortOrder.Desc);
        opts.Events.AddEventType<ConsentGranted>();
        opts.Events.AddEventType<ConsentRevoked>();
        opts.Events.AddEventType<RecordDisclosed>();
        opts.Events.AddEventType<DemographicsErased>();
    }
}
