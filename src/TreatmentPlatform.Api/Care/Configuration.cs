using JasperFx.Events.Projections;
using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

public static class CareConfiguration
{
    /// <summary>
    /// The read models, projected asynchronously by Marten's daemon (docs/architecture.md): each
    /// batch of events is applied one event at a time and committed with the daemon's progress, so
    /// a node that dies resumes where it stopped; Wolverine spreads the daemons over the nodes.
    /// (The worklist row's projection takes services and is added in Persistence.)
    /// </summary>
    public static void ConfigureCare(this StoreOptions opts)
    {
        opts.Schema.For<Rebuilding.RebuildRun>();
        opts.Projections.Add<TreatmentSummaryProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<TreatmentSummary>()
            .Duplicate(x => x.FirstEnrolledOn)
            .Duplicate(x => x.DischargedOn!)
            .Duplicate(x => x.LatestFactOn);
        opts.Schema.For<CareRow>()
            .Duplicate(x => x.Status)
            .Duplicate(x => x.CounselorId!)
            .Duplicate(x => x.LatestFactOn)
            .Duplicate(x => x.EnrolledOn);
    }

    public static void RouteCareMessages(this Wolverine.WolverineOptions opts)
    {
        opts.PublishMessage<Rebuilding.RebuildReadModels>().ToLocalQueue("jobs");
        opts.LocalQueue("jobs").UseDurableInbox().MaximumParallelMessages(1);
    }
}

public static class CareServices
{
    public static IServiceCollection AddCare(this IServiceCollection services) => services
        .AddSingleton<Rebuilding.ReadModelRebuild>()
        .AddSingleton<Counseling.Live.CaseloadSignals>()
        .AddHostedService(sp => sp.GetRequiredService<Counseling.Live.CaseloadSignals>());
}
