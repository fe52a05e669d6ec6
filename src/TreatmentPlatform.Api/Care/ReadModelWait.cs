using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// Reads accept <c>minVersion</c>: wait, briefly and bounded, until the read models reflect the
/// write that returned that version (one patient), or until none in the clinic lags its stream.
/// The worklist and caseloads wait for the rows only (an earlier day folds the few streams it needs
/// itself); reports wait for the treatment summaries too.
/// </summary>
public static class ReadModelWait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task UntilCaughtUpAsync(IQuerySession session, Guid? patientId, long? minVersion, CancellationToken ct, bool summaries = true)
    {
        if (minVersion is null) return;
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline && !await CaughtUpAsync(session, patientId, minVersion.Value, summaries, ct))
            await Task.Delay(25, ct);
    }

    private static async Task<bool> CaughtUpAsync(IQuerySession session, Guid? patientId, long minVersion, bool summaries, CancellationToken ct)
    {
        if (patientId is { } id)
        {
            var stream = await session.Query<PatientState>().Where(p => p.Id == id).Select(p => p.Version).ToListAsync(ct);
            if (stream.Count == 0) return true;
            var wanted = Math.Min(minVersion, stream[0]);
            var row = await session.Query<CareRow>().Where(c => c.Id == id).Select(c => c.Version).ToListAsync(ct);
            if (row.Count == 0 || row[0] < wanted) return false;
            if (!summaries) return true;
            var record = await session.Query<TreatmentSummary>().Where(c => c.Id == id).Select(c => c.Version).ToListAsync(ct);
            return record.Count > 0 && record[0] >= wanted;
        }
        var lagging = await session.QueryAsync<int>(summaries
                ? "select count(*)::int from tp.mt_streams s " +
                  "left join tp.mt_doc_carerow c on c.id = s.id and c.tenant_id = s.tenant_id " +
                  "left join tp.mt_doc_treatmentsummary p on p.id = s.id and p.tenant_id = s.tenant_id " +
                  "where s.tenant_id = ? and s.version > 0 and (c.id is null or p.id is null or (c.data ->> 'version')::bigint < s.version or (p.data ->> 'version')::bigint < s.version)"
                : "select count(*)::int from tp.mt_streams s " +
                  "left join tp.mt_doc_carerow c on c.id = s.id and c.tenant_id = s.tenant_id " +
                  "where s.tenant_id = ? and s.version > 0 and (c.id is null or (c.data ->> 'version')::bigint < s.version)",
            ct, session.TenantId);
        return lagging[0] == 0;
    }
}
