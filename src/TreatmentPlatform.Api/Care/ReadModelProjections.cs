using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using TreatmentPlatform.Counseling.Live;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>
/// The reports' summary, one event at a time; the rare events re-derive it from the stream. An
/// event at or below the summary's version is already in it (a rebuild got there first):
/// applying it again would count it twice, so it is skipped.
/// </summary>
public sealed partial class TreatmentSummaryProjection : SingleStreamProjection<TreatmentSummary, Guid>
{
    public override async ValueTask<TreatmentSummary?> EvolveAsync(TreatmentSummary? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        if (snapshot is not null && e.Version <= snapshot.Version) return snapshot;
        if (snapshot is null || !snapshot.NeedsHistory(e.Data)) return TreatmentSummary.Next(snapshot, e.Data, e.Version) ?? snapshot;
        var history = await HistoryAsync(session, id, e, cancellation);
        return history is null ? snapshot : TreatmentSummary.From(history);
    }

    /// <summary>The stream up to the event, read in the event's own clinic (the daemon's session may span clinics).</summary>
    public static async Task<Patient?> HistoryAsync(IQuerySession session, Guid id, IEvent e, CancellationToken ct)
    {
        await using var clinic = session.DocumentStore.QuerySession(e.TenantId);
        return await PatientHistory.LoadAsync(clinic, id, e.Version, ct);
    }
}

/// <summary>The slim worklist row, one event at a time; the rare events re-derive it from the stream.</summary>
public sealed partial class CareRowProjection(DomainMetrics metrics, TimeProvider clock) : SingleStreamProjection<CareRow, Guid>
{
    public override async ValueTask<CareRow?> EvolveAsync(CareRow? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        if (snapshot is not null && e.Version <= snapshot.Version) return snapshot;
        metrics.ReadModelLag(clock.GetUtcNow() - e.Timestamp);
        if (snapshot is null || !snapshot.NeedsHistory(e.Data)) return CareRow.Next(snapshot, e.Data, e.Version) ?? snapshot;
        var history = await TreatmentSummaryProjection.HistoryAsync(session, id, e, cancellation);
        return history is null ? snapshot : CareRow.From(history);
    }

    /// <summary>
    /// Tells the open caseload streams, in this batch's transaction (docs/architecture.md, "Live").
    /// A reassignment moves a patient out of a caseload this row no longer names, so it tells the whole clinic.
    /// </summary>
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<CareRow> slice)
    {
        if (slice.Snapshot is { } row)
        {
            var moved = slice.Events().Any(e => e.Data is CounselorAssigned);
            if (moved || row.CounselorId is not null)
                CaseloadSignals.Raise(operations, new CaseloadSignals.Signal(slice.TenantId, moved ? null : row.CounselorId));
        }
        return ValueTask.CompletedTask;
    }
}
