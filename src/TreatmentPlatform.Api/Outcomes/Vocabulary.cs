namespace TreatmentPlatform.Outcomes;

public enum CravingSubstance { Opioids, Alcohol }

public enum CheckMethod { UrineDrugScreen, Breathalyzer, SelfReport }

public enum CheckedSubstance { Opioids, Alcohol, Other }

public enum CheckResult { Negative, Positive }

public enum AdverseEventKind { Nausea, Headache, InjectionSiteReaction, Hepatotoxicity, PrecipitatedWithdrawal, Other }

public enum AdverseEventSeverity { Mild, Moderate, Severe }

public sealed record CravingRecord(Guid Id, DateOnly AssessedOn, CravingSubstance Substance, int Score);

public sealed record SubstanceCheckRecord(Guid Id, DateOnly CheckedOn, CheckMethod Method, CheckedSubstance Substance, CheckResult Result);

public sealed record AdverseEventRecord(Guid Id, DateOnly OnsetOn, AdverseEventKind Kind, AdverseEventSeverity Severity, DateOnly? ResolvedOn)
{
    /// <summary>A severe event or any hepatotoxicity needs attention until resolved.</summary>
    public bool NeedsAttention => Severity == AdverseEventSeverity.Severe || Kind == AdverseEventKind.Hepatotoxicity;
}
