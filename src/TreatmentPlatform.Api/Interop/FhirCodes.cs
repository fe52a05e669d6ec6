using Hl7.Fhir.Model;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Interop;

/// <summary>
/// The codes a receiver matches on; the table with its sources is docs/fhir-codes.md.
/// Where no standard code exists (the implant, session modalities) the platform's own code systems are used.
/// </summary>
public static class FhirCodes
{
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Snomed = "http://snomed.info/sct";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ResourceTypes = "http://hl7.org/fhir/resource-types";
    public const string PlatformProducts = "https://fhir.treatmentplatform.org/CodeSystem/naltrexone-product";
    public const string PlatformModalities = "https://fhir.treatmentplatform.org/CodeSystem/counseling-modality";
    public const string Part2Regulation = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2";

    private static readonly Coding Ingredient = new(RxNorm, "7243", "naltrexone");

    /// <summary>The product as given: RxNorm clinical drug beside the ingredient; the implant has no RxNorm product.</summary>
    public static CodeableConcept Product(MedicationForm form) => form switch
    {
        MedicationForm.Oral => new CodeableConcept
        {
            Coding = [new Coding(RxNorm, "1483744", "naltrexone hydrochloride 50 MG Oral Tablet"), Ingredient],
            Text = "naltrexone 50 mg oral tablet",
        },
        MedicationForm.Injectable => new CodeableConcept
        {
            Coding = [new Coding(RxNorm, "637213", "naltrexone 380 MG Injection"), Ingredient],
            Text = "naltrexone 380 mg extended-release injectable suspension",
        },
        _ => new CodeableConcept
        {
            Coding = [new Coding(PlatformProducts, "naltrexone-implant", "naltrexone implant"), Ingredient],
            Text = "naltrexone implant (no RxNorm product)",
        },
    };

    /// <summary>SNOMED CT routes; FDA route terminology counts subdermal as subcutaneous.</summary>
    public static CodeableConcept Route(MedicationForm form) => form switch
    {
        MedicationForm.Oral => new CodeableConcept(Snomed, "26643006", "Oral route", "oral"),
        MedicationForm.Injectable => new CodeableConcept(Snomed, "78421000", "Intramuscular route", "intramuscular"),
        _ => new CodeableConcept(Snomed, "34206005", "Subcutaneous route", "subdermal"),
    };

    public static CodeableConcept CounselingType(SessionModality modality)
    {
        var name = modality.ToString().ToLowerInvariant();
        return new CodeableConcept
        {
            Coding = [new Coding(Snomed, "409063005", "Counseling"), new Coding(PlatformModalities, name, $"{name} counseling")],
            Text = $"{name} counseling",
        };
    }

    /// <summary>HL7 v3 PurposeOfUse (in the v3-ActReason code system).</summary>
    public static Coding Purpose(PurposeOfUse purpose) => purpose switch
    {
        PurposeOfUse.Treatment => new Coding(ActReason, "TREAT", "treatment"),
        PurposeOfUse.Payment => new Coding(ActReason, "HPAYMT", "healthcare payment"),
        PurposeOfUse.Operations => new Coding(ActReason, "HOPERAT", "healthcare operations"),
        PurposeOfUse.Research => new Coding(ActReason, "HRESCH", "healthcare research"),
        PurposeOfUse.PublicHealth => new Coding(ActReason, "PUBHLTH", "public health"),
        PurposeOfUse.Legal => new Coding(ActReason, "HLEGAL", "legal"),
        PurposeOfUse.PatientRequest => new Coding(ActReason, "PATRQT", "patient requested"),
        _ => new Coding(ActReason, "COC", "coordination of care"),
    };

    /// <summary>The FHIR resource types each part of a consent's scope covers.</summary>
    public static IReadOnlyList<string> ResourcesOf(DisclosureScope scope) => scope switch
    {
        DisclosureScope.Demographics => ["Patient"],
        DisclosureScope.Medication => ["EpisodeOfCare", "MedicationRequest", "MedicationStatement", "MedicationAdministration"],
        DisclosureScope.Counseling => ["EpisodeOfCare", "Encounter"],
        _ => ["EpisodeOfCare", "Observation", "AdverseEvent"],
    };

    /// <summary>Every record here is a Part 2 record: restricted confidentiality under 42 CFR Part 2.</summary>
    public static IEnumerable<Coding> Part2Labels()
    {
        yield return new Coding(Confidentiality, "R", "restricted");
        yield return new Coding(ActCode, "42CFRPart2", "42 CFR Part2");
    }

    /// <summary>On what leaves the clinic under a consent: no redisclosure without the patient's consent.</summary>
    public static Coding NoRedisclosure => new(ActCode, "NORDSCLCD", "no redisclosure without consent directive");
}
