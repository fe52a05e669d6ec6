using Marten;
using Wolverine;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>Published (through the outbox) for every event appended to a patient's stream.</summary>
public sealed record PatientChanged(Guid PatientId, long Version);

public static class PatientChangedHandler
{
    /// <summary>
    /// Recomputes the read model from the patient's current record, so redelivery, duplicates and
    /// out-of-order delivery all converge on the same result.
    /// </summary>
    public static async Task Handle(PatientChanged message, Envelope envelope, IDocumentSession session, ICareProjector projector,
        DomainMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        if (envelope.SentAt != default) metrics.ReadModelLag(clock.GetUtcNow() - envelope.SentAt);
        var patient = await session.LoadAsync<Patient>(message.PatientId, ct);
        if (patient is not null) projector.Project(session, patient);
    }
}
