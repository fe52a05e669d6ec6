namespace TreatmentPlatform.Interop.BulkExport;

/// <summary>
/// One FHIR Bulk Data export of a clinic (docs/architecture.md, "Bulk export"): requested by one
/// admin, built in chunks of patients by a job, its NDJSON kept in <see cref="ExportFiles"/>.
/// </summary>
public sealed record BulkExport
{
    public Guid Id { get; init; }
    public Guid RequestedBy { get; init; }

    /// <summary>The export holds what was committed before it started (the manifest's transactionTime).</summary>
    public DateTimeOffset TransactionTime { get; init; }

    /// <summary>The kick-off request's URL, as the manifest repeats it.</summary>
    public string Request { get; init; } = "";
    public IReadOnlyList<string> Types { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public JobStatus Status { get; init; }

    /// <summary>The last patient written: the next chunk starts after it, also after a crash or restart.</summary>
    public Guid? Cursor { get; init; }
    public int PatientsTotal { get; init; }
    public int PatientsDone { get; init; }

    /// <summary>Chunks written so far; the next chunk's parts get this number.</summary>
    public int Chunks { get; init; }

    /// <summary>Resources written per type.</summary>
    public Dictionary<string, int> Counts { get; init; } = [];
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Failure { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Active => Status is JobStatus.Queued or JobStatus.Running;
}

/// <summary>Patients per chunk (<c>Export:PatientsPerChunk</c>): what one job holds in memory and how long it holds the jobs queue.</summary>
public sealed class ExportSettings(IConfiguration configuration)
{
    public int PatientsPerChunk { get; } = Math.Clamp(configuration.GetValue("Export:PatientsPerChunk", 500), 1, 5_000);
}

/// <summary>Writes the export's next chunk of patients (the jobs queue; each chunk sends the next).</summary>
public sealed record ExportPatients(Guid ExportId);

/// <summary>The resource types an export can hold (the CapabilityStatement lists the same).</summary>
public static class ExportTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "Organization", "Patient", "EpisodeOfCare", "MedicationRequest", "MedicationStatement", "MedicationAdministration",
        "Encounter", "Observation", "AdverseEvent", "Consent",
    ];
}
