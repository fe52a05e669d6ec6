namespace TreatmentPlatform.Reports.Running;


public enum ReportTrigger { OnDemand, Nightly, CommandLine }

/// <summary>A report computation with its parameters, when and at which data version it ran, and its result or failure.</summary>
public sealed record ReportRun
{
    public Guid Id { get; init; }
    public ReportKind Kind { get; init; }
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public ReportTrigger Trigger { get; init; }
    public JobStatus Status { get; init; }
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>When its job was sent to the jobs queue (a clinic's runs are sent one at a time).</summary>
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long? DataVersion { get; init; }

    /// <summary>The report as the API writes it (JSON), kept verbatim.</summary>
    public string? ResultJson { get; init; }

    public string? Failure { get; init; }
}

public sealed record RunReport(Guid RunId);
