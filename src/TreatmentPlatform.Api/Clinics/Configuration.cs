using Marten;

namespace TreatmentPlatform.Clinics;

public static class ClinicsConfiguration
{
    public static void ConfigureClinics(this StoreOptions opts) =>
        opts.Schema.For<ClinicSettings>().Identity(x => x.Id);

    public static IServiceCollection AddClinics(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ClinicCalendar>();
        return services;
    }
}
