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
            opts.Policies.OnAnyException()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
                .Then.MoveToErrorQueue();
            opts.RouteCareMessages();
            opts.RouteReportMessages();
            opts.RouteInteropMessages();
        });
        return builder;
    }
}
