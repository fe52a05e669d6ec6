using Marten;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;
using Wolverine;

namespace TreatmentPlatform.Interop.BulkExport;

/// <summary>
/// Writes one chunk of an export: the next patients after the cursor, folded from their streams,
/// as NDJSON per type, with the access-log entry naming them and the advanced cursor, all in one
/// transaction; then sends the next chunk behind whatever else waits in the jobs queue, so one
/// clinic's export never holds the queue for more than a chunk.
/// </summary>
public static class ExportPatientsHandler
{
    public static async Task Handle(ExportPatients message, IDocumentSession session, IMessageBus bus, ExportSettings settings, TimeProvider clock,
        CancellationToken ct)
    {
        if (await session.LoadAsync<BulkExport>(message.ExportId, ct) is not { Active: true } export) return;
        var ids = await NextPatientsAsync(session, export, settings.PatientsPerChunk, ct);
        Dictionary<string, ExportFiles.Part> parts;
        try
        {
            parts = await BuildAsync(session, export, ids, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not Npgsql.NpgsqlException)
        {
            // A record the exporter cannot write fails the export with its reason; a database error is retried by Wolverine.
            session.Store(export with { Status = JobStatus.Failed, CompletedAt = clock.GetUtcNow(), Failure = $"{e.GetType().Name}: {e.Message}" });
            return;
        }

        foreach (var part in parts.Values)
        {
            ExportFiles.Queue(session, export.Id, export.Chunks, part);
            part.Dispose();
        }

        var now = clock.GetUtcNow();
        if (ids.Count > 0)
            session.Insert(new AccessLogEntry
            {
                Id = Guid.CreateVersion7(now), At = now, UserId = export.RequestedBy, Role = Roles.Admin, Clinic = session.TenantId,
                Method = "GET", Route = BulkExportEndpoints.KickOff, PatientIds = ids,
            });

        var finished = ids.Count < settings.PatientsPerChunk;
        session.Store(export with
        {
            Status = finished ? JobStatus.Done : JobStatus.Running,
            Cursor = ids.Count > 0 ? ids[^1] : export.Cursor,
            PatientsDone = export.PatientsDone + ids.Count,
            Chunks = export.Chunks + 1,
            Counts = Merge(export.Counts, parts.Values),
            CompletedAt = finished ? now : null,
        });
        if (!finished) await bus.PublishAsync(message, new DeliveryOptions { TenantId = session.TenantId });
    }

    private static async Task<Dictionary<string, ExportFiles.Part>> BuildAsync(IDocumentSession session, BulkExport export, List<Guid> ids,
        CancellationToken ct)
    {
        var clinic = await FhirClinic.OfAsync(session, ct);
        var histories = await PatientHistory.LoadManyAsync(session, ids, ct);
        var people = (await session.LoadManyAsync<PatientDemographics>(ct, ids)).ToDictionary(p => p.Id);
        var parts = new Dictionary<string, ExportFiles.Part>();
        void Write(Hl7.Fhir.Model.Resource resource)
        {
            if (!export.Types.Contains(resource.TypeName)) return;
            if (!parts.TryGetValue(resource.TypeName, out var part)) parts[resource.TypeName] = part = new ExportFiles.Part(resource.TypeName);
            part.Add(resource);
        }
        foreach (var id in ids)
            foreach (var resource in FhirResources.Of(histories[id], people.GetValueOrDefault(id), clinic, inBundle: false))
                // The clinic is one Organization for the whole export, written with the first chunk.
                if (resource is not Hl7.Fhir.Model.Organization) Write(resource);
        if (export.Chunks == 0) Write(FhirResources.Organization(clinic));
        return parts;
    }

    /// <summary>Patients in id order after the cursor; with <c>_since</c>, only those whose record changed since.</summary>
    public static async Task<List<Guid>> NextPatientsAsync(IQuerySession session, BulkExport export, int limit, CancellationToken ct)
    {
        const string after = "select id from tp.mt_doc_patientstate where tenant_id = ? and id > ?";
        var cursor = export.Cursor ?? Guid.Empty;
        return export.Since is { } since
            ? [.. await session.AdvancedSql.QueryAsync<Guid>(after + " and mt_last_modified >= ? order by id limit ?", ct, session.TenantId, cursor, since, limit)]
            : [.. await session.AdvancedSql.QueryAsync<Guid>(after + " order by id limit ?", ct, session.TenantId, cursor, limit)];
    }

    public static async Task<int> CountAsync(IQuerySession session, DateTimeOffset? since, CancellationToken ct)
    {
        const string all = "select count(*)::int from tp.mt_doc_patientstate where tenant_id = ?";
        var counted = since is { } from
            ? await session.AdvancedSql.QueryAsync<int>(all + " and mt_last_modified >= ?", ct, session.TenantId, from)
            : await session.AdvancedSql.QueryAsync<int>(all, ct, session.TenantId);
        return counted[0];
    }

    private static Dictionary<string, int> Merge(Dictionary<string, int> counts, IEnumerable<ExportFiles.Part> parts)
    {
        var merged = new Dictionary<string, int>(counts);
        foreach (var part in parts) merged[part.Type] = merged.GetValueOrDefault(part.Type) + part.Count;
        return merged;
    }
}
