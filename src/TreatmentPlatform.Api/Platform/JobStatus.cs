namespace TreatmentPlatform.Platform;

/// <summary>The life of a background job (report runs, read-model rebuilds).</summary>
public enum JobStatus { Queued, Running, Done, Failed }
