namespace TreatmentPlatform.Patients;

/// <summary>
/// The patient's direct identifiers, kept apart from the event stream so they can be erased
/// on a lawful request while the treatment record stays.
/// </summary>
public sealed record PatientDemographics
{
    public Guid Id { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public DateOnly DateOfBirth { get; init; }
    public string? Mrn { get; init; }
    /// <summary>Unknown when not given (and for documents written before it existed).</summary>
    public Sex Sex { get; init; } = Sex.Unknown;
}
