using Marten;
using TreatmentPlatform.Interop.BulkExport;
using Wolverine;

namespace TreatmentPlatform.Interop;

public static class InteropConfiguration
{
    public static void ConfigureInterop(this StoreOptions opts)
    {
        opts.Schema.For<BulkExport.BulkExport>().Duplicate(x => x.Status);
        opts.Storage.ExtendedSchemaObjects.Add(ExportFiles.Table(opts.DatabaseSchemaName));
    }

    public static IServiceCollection AddInterop(this IServiceCollection services) => services.AddSingleton<ExportSettings>();

    public static void RouteInteropMessages(this WolverineOptions opts)
    {
        opts.PublishMessage<ExportPatients>().ToLocalQueue("jobs");
        opts.PublishMessage<SweepExports>().ToLocalQueue("jobs");
    }
}
