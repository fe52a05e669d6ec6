using Marten;
using Weasel.Postgresql.Tables;

namespace TreatmentPlatform.Privacy;

public static class PrivacyConfiguration
{
    public static void ConfigurePrivacy(this StoreOptions opts)
    {
        opts.Schema.For<AccessLogEntry>()
            .Duplicate(x => x.PatientId!)
            .Duplicate(x => x.At, configure: i => i.SortOrder = SortOrder.Desc);
    }

    public static IServiceCollection AddPrivacy(this IServiceCollection services) => services
        .AddSingleton<AccessLogWriter>()
        .AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
}
