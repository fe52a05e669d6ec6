using Marten;

namespace TreatmentPlatform.Interop.BulkExport;

/// <summary>Deletes a clinic's exports, and their files, a day after they were requested; sent with each nightly run.</summary>
public sealed record SweepExports;

public static class SweepExportsHandler
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static async Task Handle(SweepExports message, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        var expired = await session.Query<BulkExport>().Where(e => e.TransactionTime < cutoff).Select(e => e.Id).ToListAsync(ct);
        foreach (var id in expired)
        {
            session.Delete<BulkExport>(id);
            ExportFiles.Delete(session, id);
        }
    }
}
