using Hl7.Fhir.Model;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Interop;

/// <summary>
/// Outcomes: craving scores and substance-use checks as Observations, side effects as AdverseEvents.
/// No standard code names a craving score, so the platform's own outcome codes name both (docs/fhir-codes.md).
/// </summary>
public static class FhirOutcomes
{
    public const string OutcomeCodes = "https://fhir.treatmentplatform.org/CodeSystem/outcome";
    private const string Categories = "http://terminology.hl7.org/CodeSystem/observation-category";

    public static IEnumerable<Resource> Of(EpisodeRecord episode, ResourceReference subject, ResourceReference context)
    {
        foreach (var craving in episode.Cravings)
        {
            var substance = Name(craving.Substance.ToString());
            yield return new Observation
            {
                Id = craving.Id.ToString(),
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept(Categories, "survey", "Survey")],
                Code = new CodeableConcept(OutcomeCodes, $"craving-{substance}", $"{substance} craving score", $"{substance} craving score (0–10)"),
                Subject = subject,
                Effective = new FhirDateTime(FhirResources.Day(craving.AssessedOn)),
                Value = new Integer(craving.Score),
                Focus = [context],
            };
        }
        foreach (var check in episode.Checks)
        {
            var substance = Name(check.Substance.ToString());
            yield return new Observation
            {
                Id = check.Id.ToString(),
                Status = ObservationStatus.Final,
                Category = [check.Method == CheckMethod.SelfReport
                    ? new CodeableConcept(Categories, "social-history", "Social History")
                    : new CodeableConcept(Categories, "laboratory", "Laboratory")],
                Code = new CodeableConcept(OutcomeCodes, $"use-check-{substance}", $"{substance} use check", $"{substance} use check"),
                Method = new CodeableConcept(null, null, Name(check.Method.ToString()).Replace('-', ' ')),
                Subject = subject,
                Effective = new FhirDateTime(FhirResources.Day(check.CheckedOn)),
                Value = check.Result == CheckResult.Negative
                    ? new CodeableConcept(FhirCodes.Snomed, "260385009", "Negative", "negative")
                    : new CodeableConcept(FhirCodes.Snomed, "10828004", "Positive", "positive"),
                Focus = [context],
            };
        }
        foreach (var side in episode.AdverseEvents)
            yield return new AdverseEvent
            {
                Id = side.Id.ToString(),
                Actuality = AdverseEvent.AdverseEventActuality.Actual,
                Event = new CodeableConcept(null, null, Name(side.Kind.ToString()).Replace('-', ' ')),
                Subject = subject,
                Date = FhirResources.Day(side.OnsetOn),
                Severity = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adverse-event-severity", Name(side.Severity.ToString()),
                    side.Severity.ToString()),
                Outcome = side.ResolvedOn is null
                    ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/adverse-event-outcome", "ongoing", "Ongoing")
                    : new CodeableConcept("http://terminology.hl7.org/CodeSystem/adverse-event-outcome", "resolved", "Resolved"),
                SuspectEntity = [new AdverseEvent.SuspectEntityComponent { Instance = new ResourceReference { Display = "naltrexone" } }],
            };
    }

    /// <summary>The name the HTTP contract uses (UrineDrugScreen → urine-drug-screen).</summary>
    private static string Name(string value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value);
}
