using TreatmentPlatform.Care;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Reports;
using Wolverine;
using Wolverine.ErrorHandling;

namespace TreatmentPlatform.Platform;

public static class Messaging
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(Program).Assembly;
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            // A job of a clinic being moved to another database waits for the switch (seconds; a
            // large clinic's closing step takes longer), then runs against the clinic's new home.
            opts.Policies.OnException(Databases.Moving.MoveGuard.Refused)
                .ScheduleRetry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20),
                    TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5))
                .Then.MoveToErrorQueue();
            opts.Policies.OnAnyException()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
                .Then.MoveToErrorQueue();
            // A node that stops sending heartbeats (every 5 s) is taken for dead after 20 s, not
            // Wolverine's default minute: its jobs, in-flight messages and projection agents move
            // to a live node within about half a minute. A node wrongly taken for dead is harmless:
            // the daemon's shards hold advisory locks and every job checks its own progress first.
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(5);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Durability:StaleNodeSeconds", 20));
            opts.RouteCareMessages();
            opts.RouteReportMessages();
            opts.RouteInteropMessages();
        });
        return builder;
    }
}
