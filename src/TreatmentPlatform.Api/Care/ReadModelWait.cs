using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// Reads accept <c>minVersion</c>: wait, briefly and bounded, until the read models reflect the
/// write that returned that version (one patient), or until none in the clinic lags its record.
/// </summary>
public static class ReadModelWait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task UntilCaughtUpAsync(IQuerySession session, Guid? patientId, long? minVersion, CancellationToken ct)
    {
        if (minVersion is null) return;
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline && !await CaughtUpAsync(session, patientId, minVersion.Value, ct))
            await Task.Delay(25, ct);
    }

    private static async Task<bool> CaughtUpAsync(IQuerySession session, Guid? patientId, long minVersion, CancellationToken ct)
    {
        if (patientId is { } id)
        {
            var care = await session.Query<PatientCare>().Where(c => c.Id == id).Select(c => c.Version).ToListAsync(ct);
            var patient = await session.Query<Patient>().Where(p => p.Id == id).Select(p => p.Version).ToListAsync(ct);
            var wanted = Math.Min(minVersion, patient.Count == 0 ? 0 : patient[0]);
            return care.Count > 0 && care[0] >= wanted || patient.Count == 0;
        }
        var lagging = await session.QueryAsync<int>(
            "select count(*)::int from tp.mt_doc_patient p left join tp.mt_doc_patientcare c on c.id = p.id and c.tenant_id = p.tenant_id " +
            "where p.tenant_id = ? and (c.id is null or c.mt_version < p.version)", ct, session.TenantId);
        return lagging[0] == 0;
    }
}
