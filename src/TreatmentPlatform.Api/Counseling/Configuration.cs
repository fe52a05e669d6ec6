using Marten;

namespace TreatmentPlatform.Counseling;

public static class CounselingConfiguration
{
    public static void ConfigureCounseling(this StoreOptions opts)
    {
        opts.Events.AddEventType<CounselingSessionRecorded>();
        opts.Events.AddEventType<CounselingSessionCorrected>();
    }
}
