using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// The patient's whole record as a read model, one event at a time. An event at or below the
/// record's version is already in it (an import or a rebuild got there first): applying it again
/// would count it twice, so it is skipped.
/// </summary>
public sealed partial class PatientRecordProjection : SingleStreamProjection<Patient, Guid>
{
    public override Patient? Evolve(Patient? snapshot, Guid id, IEvent e) =>
        snapshot is not null && e.Version <= snapshot.Version ? snapshot : Patient.NextAt(snapshot, e.Data, e.Version) ?? snapshot;
}

/// <summary>The slim worklist row, one event at a time; the rare events re-derive it from the stream.</summary>
public sealed partial class CareRowProjection(DomainMetrics metrics, TimeProvider clock) : SingleStreamProjection<CareRow, Guid>
{
    public override async ValueTask<CareRow?> EvolveAsync(CareRow? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        if (snapshot is not null && e.Version <= snapshot.Version) return snapshot;
        metrics.ReadModelLag(clock.GetUtcNow() - e.Timestamp);
        if (snapshot is null || !snapshot.NeedsHistory(e.Data)) return CareRow.Next(snapshot, e.Data, e.Version) ?? snapshot;
        // The daemon's session may span clinics: read the stream in the event's own.
        await using var clinic = session.DocumentStore.QuerySession(e.TenantId);
        var history = await PatientHistory.LoadAsync(clinic, id, e.Version, cancellation);
        return history is null ? snapshot : CareRow.From(history);
    }
}
