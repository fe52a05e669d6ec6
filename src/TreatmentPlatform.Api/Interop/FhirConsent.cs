using Hl7.Fhir.Model;
using TreatmentPlatform.Privacy.Consents;
using R4 = Hl7.Fhir.Model;

namespace TreatmentPlatform.Interop;

/// <summary>
/// A patient's written consent as a 42 CFR Part 2 privacy Consent: the regulation as policy and rule,
/// the clinic as performer, the recipient as actor, each scope item as a provision naming its resource
/// types, and the expiry (or the revocation, if earlier) as the period.
/// </summary>
public static class FhirConsent
{
    public static R4.Consent Of(ConsentRecord consent, ResourceReference patient, ResourceReference clinic, bool disclosed)
    {
        var ends = consent.RevokedOn is { } revoked && revoked < consent.ExpiresOn ? revoked : consent.ExpiresOn;
        var resource = new R4.Consent
        {
            Id = consent.Id.ToString(),
            Status = consent.RevokedOn is null ? R4.Consent.ConsentState.Active : R4.Consent.ConsentState.Inactive,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0", "Patient Consent")],
            Patient = patient,
            DateTime = FhirResources.Day(consent.GrantedOn),
            Performer = [clinic],
            Organization = [clinic],
            Policy = [new R4.Consent.PolicyComponent { Authority = "https://www.ecfr.gov", Uri = FhirCodes.Part2Regulation }],
            PolicyRule = new CodeableConcept(FhirCodes.ActCode, "42CFRPart2", "42 CFR Part2"),
            Provision = new R4.Consent.provisionComponent
            {
                Type = R4.Consent.ConsentProvisionType.Permit,
                Period = new Period { Start = FhirResources.Day(consent.GrantedOn), End = FhirResources.Day(ends) },
                Actor = [new R4.Consent.provisionActorComponent
                {
                    Role = new CodeableConcept(FhirCodes.ParticipationType, "IRCP", "information recipient"),
                    Reference = new ResourceReference { Display = consent.Recipient },
                }],
                Purpose = [consent.PurposeOfUse is { } purpose ? FhirCodes.Purpose(purpose) : new Coding { Display = consent.Purpose }],
                Provision = consent.Scope.Select(part => new R4.Consent.provisionComponent
                {
                    Type = R4.Consent.ConsentProvisionType.Permit,
                    Class = FhirCodes.ResourcesOf(part).Select(type => new Coding(FhirCodes.ResourceTypes, type)).ToList(),
                }).ToList(),
            },
        };
        if (disclosed)
            // 42 CFR 2.32: the notice accompanies what is disclosed; the consent it was made under travels with it.
            resource.Text = new Narrative
            {
                Status = Narrative.NarrativeStatus.Additional,
                Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{System.Net.WebUtility.HtmlEncode(RedisclosureNotice.Text)}</p></div>",
            };
        return resource;
    }
}
