using Marten;
using TreatmentPlatform.Reports.Running;
using TreatmentPlatform.Reports.Scheduling;
using Wolverine;

namespace TreatmentPlatform.Reports;

public static class ReportsConfiguration
{
    public static void ConfigureReports(this StoreOptions opts)
    {
        opts.Schema.For<ReportRun>();
        // Two nodes racing to advance the schedule: one wins, the other's save fails and is retried.
        opts.Schema.For<NightlySchedule>().Identity(x => x.Id).UseOptimisticConcurrency(true);
    }

    public static void RouteReportMessages(this WolverineOptions opts)
    {
        opts.PublishMessage<RunReport>().ToLocalQueue("jobs");
        opts.PublishMessage<NightlyReportsDue>().ToLocalQueue("jobs");
        opts.PublishMessage<ScheduleNightlyReports>().ToLocalQueue("jobs");
    }
}
