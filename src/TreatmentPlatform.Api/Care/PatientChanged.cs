using Marten;
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
    public static async Task Handle(PatientChanged message, IDocumentSession session, ICareProjector projector, CancellationToken ct)
    {
        var patient = await session.LoadAsync<Patient>(message.PatientId, ct);
        if (patient is not null) projector.Project(session, patient);
    }
}
