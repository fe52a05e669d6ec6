using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Privacy.Consents;
using TreatmentPlatform.Adherence;
using R4 = Hl7.Fhir.Model;
using PatientRecord = TreatmentPlatform.Patients.Patient;
using PatientDemographics = TreatmentPlatform.Patients.PatientDemographics;

namespace TreatmentPlatform.Interop;

/// <summary>
/// A patient's treatment as a FHIR R4 collection Bundle: Patient, EpisodeOfCare, MedicationRequest,
/// MedicationAdministration (injections, implants), MedicationStatement (oral doses), Encounter
/// (counseling) and Consent. The scope limits what is included when the bundle is disclosed.
/// </summary>
public static class FhirExport
{
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static readonly CodeableConcept Naltrexone = new(RxNorm, "7243", "naltrexone", "naltrexone");

    /// <param name="scope">For a disclosure: the parts its consent names (null: the whole record, for the clinic's own use).</param>
    /// <param name="underConsent">For a disclosure: the one consent it is made under; no other recipient's consent goes out.</param>
    public static Bundle Build(PatientRecord record, PatientDemographics? person, IReadOnlyCollection<DisclosureScope>? scope = null, Guid? underConsent = null)
    {
        bool Includes(DisclosureScope part) => scope is null || scope.Contains(part);
        var clinical = Includes(DisclosureScope.Medication) || Includes(DisclosureScope.Counseling) || Includes(DisclosureScope.Outcomes);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = DateTimeOffset.UtcNow, Id = Guid.NewGuid().ToString() };
        var patientUrl = $"urn:uuid:{record.Id}";
        var subject = new ResourceReference(patientUrl);

        var patient = new R4.Patient { Id = record.Id.ToString() };
        if (person is not null && Includes(DisclosureScope.Demographics))
        {
            patient.Name.Add(new HumanName { Family = person.LastName, Given = [person.FirstName] });
            patient.BirthDate = Day(person.DateOfBirth);
        }
        Add(bundle, patientUrl, patient);

        foreach (var episode in clinical ? record.Episodes : [])
        {
            var episodeId = DeterministicId(record.Id, $"episode-{episode.Number}");
            Add(bundle, $"urn:uuid:{episodeId}", new EpisodeOfCare
            {
                Id = episodeId.ToString(),
                Status = episode.DischargedOn is null ? EpisodeOfCare.EpisodeOfCareStatus.Active : EpisodeOfCare.EpisodeOfCareStatus.Finished,
                Patient = subject,
                Period = new Period { Start = Day(episode.EnrolledOn), End = episode.DischargedOn is { } d ? Day(d) : null },
                Type = [new CodeableConcept(null, null, $"naltrexone treatment, episode {episode.Number}")],
            });
            var episodeRef = new ResourceReference($"urn:uuid:{episodeId}");

            if (Includes(DisclosureScope.Medication))
            {
                foreach (var (plan, index) in episode.Plans.Select((p, i) => (p, i)))
                {
                    // The plan's place in the episode keeps two plans set on one day apart (bdl-7: fullUrl unique).
                    var id = DeterministicId(record.Id, $"plan-{episode.Number}-{index}-{plan.StartOn:yyyyMMdd}-{plan.Form}");
                    Add(bundle, $"urn:uuid:{id}", new MedicationRequest
                    {
                        Id = id.ToString(),
                        Status = index == episode.Plans.Count - 1 && episode.DischargedOn is null ? MedicationRequest.MedicationrequestStatus.Active : MedicationRequest.MedicationrequestStatus.Completed,
                        Intent = MedicationRequest.MedicationRequestIntent.Order,
                        Medication = Naltrexone,
                        Subject = subject,
                        AuthoredOn = Day(plan.StartOn),
                        DosageInstruction = [new Dosage { Text = Describe(plan) }],
                    });
                }
                foreach (var supply in episode.Supplies)
                {
                    var dose = new Quantity(supply.DoseMg, "mg");
                    if (supply.Form == MedicationForm.Oral)
                        Add(bundle, $"urn:uuid:{supply.Id}", new MedicationStatement
                        {
                            Id = supply.Id.ToString(),
                            Status = MedicationStatement.MedicationStatusCodes.Completed,
                            Medication = Naltrexone,
                            Subject = subject,
                            Context = episodeRef,
                            Effective = new FhirDateTime(Day(supply.Date)),
                            Dosage = [new Dosage { Text = $"{supply.DoseMg} mg by mouth", Route = new CodeableConcept(null, null, "oral") }],
                        });
                    else
                        Add(bundle, $"urn:uuid:{supply.Id}", new MedicationAdministration
                        {
                            Id = supply.Id.ToString(),
                            Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
                            Medication = supply.Form == MedicationForm.Injectable ? Naltrexone : new CodeableConcept(null, null, $"naltrexone implant {supply.Product}"),
                            Subject = subject,
                            Context = episodeRef,
                            Effective = new FhirDateTime(Day(supply.Date)),
                            Dosage = new MedicationAdministration.DosageComponent
                            {
                                // mad-1: a dosage names a dose; an implant's is one implant.
                                Dose = supply.Form == MedicationForm.Injectable ? dose : new Quantity { Value = 1, Unit = "implant" },
                                Site = supply.Site is { } site ? new CodeableConcept(null, null, site == InjectionSite.LeftGluteal ? "left gluteal" : "right gluteal") : null,
                                Text = supply.Form == MedicationForm.Implant ? $"implant, {supply.CoverageDays} days" : "380 mg extended-release intramuscular",
                            },
                        });
                }
            }

            if (Includes(DisclosureScope.Counseling))
                foreach (var session in episode.Sessions)
                    Add(bundle, $"urn:uuid:{session.Id}", new Encounter
                    {
                        Id = session.Id.ToString(),
                        Status = session.Outcome == SessionOutcome.Attended ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.Cancelled,
                        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", session.Modality == SessionModality.Telehealth ? "VR" : "AMB"),
                        Type = [new CodeableConcept(null, null, $"{session.Modality} counseling".ToLowerInvariant())],
                        Subject = subject,
                        EpisodeOfCare = [episodeRef],
                        Period = new Period { Start = Day(session.HeldOn) },
                        Length = new Duration { Value = session.Minutes, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" },
                    });
        }

        foreach (var consent in record.Consents.Where(c => underConsent is null || c.Id == underConsent))
            Add(bundle, $"urn:uuid:{consent.Id}", new R4.Consent
            {
                Id = consent.Id.ToString(),
                Status = consent.RevokedOn is null ? R4.Consent.ConsentState.Active : R4.Consent.ConsentState.Inactive,
                Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
                Category = [new CodeableConcept("http://loinc.org", "59284-0", "Consent Document")],
                Patient = subject,
                DateTime = Day(consent.GrantedOn),
                Policy = [new R4.Consent.PolicyComponent { Uri = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2" }],
                Provision = new R4.Consent.provisionComponent
                {
                    Type = R4.Consent.ConsentProvisionType.Permit,
                    Period = new Period { Start = Day(consent.GrantedOn), End = Day(consent.RevokedOn is { } r && r < consent.ExpiresOn ? r : consent.ExpiresOn) },
                    Purpose = [new Coding(null, null, consent.Purpose)],
                    Actor = [new R4.Consent.provisionActorComponent
                    {
                        Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
                        Reference = new ResourceReference { Display = consent.Recipient },
                    }],
                },
            });
        return bundle;
    }

    public static string Serialize(Bundle bundle) => JsonSerializer.Serialize(bundle, Json);

    private static void Add(Bundle bundle, string fullUrl, Resource resource) =>
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(MedicationPlanRecord plan) => plan.Form switch
    {
        MedicationForm.Oral => $"{plan.DoseMg} mg by mouth, {plan.Schedule?.ToString() ?? "Daily"}",
        MedicationForm.Injectable => $"{plan.DoseMg} mg extended-release intramuscular every 4 weeks",
        _ => $"implant {plan.Product} covering {plan.CoverageDays} days",
    };

    /// <summary>Stable ids for resources that have none of their own, so repeated exports agree.</summary>
    private static Guid DeterministicId(Guid patient, string name)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{patient}/{name}"));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
