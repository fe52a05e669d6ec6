using System.Globalization;
using Hl7.Fhir.Model;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Privacy.Consents;
using R4 = Hl7.Fhir.Model;
using PatientRecord = TreatmentPlatform.Patients.Patient;
using PatientDemographics = TreatmentPlatform.Patients.PatientDemographics;

namespace TreatmentPlatform.Interop;

/// <summary>The clinic a record is exported from: its id and the system its MRNs are issued under.</summary>
public sealed record FhirClinic(string Clinic, string MrnSystem)
{
    public Guid OrganizationId { get; } = FhirResources.StableId(Guid.Empty, $"clinic/{Clinic}");

    public static async Task<FhirClinic> OfAsync(Marten.IQuerySession session, CancellationToken ct)
    {
        var settings = await Clinics.ClinicCalendar.SettingsAsync(session, ct);
        return new FhirClinic(session.TenantId, settings.MrnSystemOf(session.TenantId));
    }
}

/// <summary>
/// One patient's resources: Organization (the clinic), Patient, EpisodeOfCare, MedicationRequest,
/// MedicationStatement (oral doses), MedicationAdministration (injections, implants), Encounter
/// (counseling), Observation and AdverseEvent (outcomes) and Consent. Codes are <see cref="FhirCodes"/>.
/// </summary>
public sealed class FhirResources
{
    private readonly PatientRecord _record;
    private readonly FhirClinic _clinic;
    private readonly bool _inBundle;
    private readonly ResourceReference _subject;
    private readonly ResourceReference _organization;

    private FhirResources(PatientRecord record, FhirClinic clinic, bool inBundle)
    {
        _record = record;
        _clinic = clinic;
        _inBundle = inBundle;
        _subject = Reference("Patient", record.Id);
        _organization = Reference("Organization", clinic.OrganizationId);
    }

    /// <param name="consent">For a disclosure: the one consent it is made under, whose scope limits what is included.</param>
    /// <param name="inBundle">References as <c>urn:uuid:</c> (resolved within a bundle) or as <c>Type/id</c> (NDJSON).</param>
    public static IEnumerable<Resource> Of(PatientRecord record, PatientDemographics? person, FhirClinic clinic, ConsentRecord? consent = null,
        bool inBundle = true) => new FhirResources(record, clinic, inBundle).All(person, consent);

    public static string UrlOf(Resource resource) => $"urn:uuid:{resource.Id}";

    /// <summary>Stable ids for resources that have none of their own, so repeated exports agree.</summary>
    public static Guid StableId(Guid owner, string name)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{owner}/{name}"));
        return new Guid(bytes.AsSpan(0, 16));
    }

    private IEnumerable<Resource> All(PatientDemographics? person, ConsentRecord? consent)
    {
        bool Includes(DisclosureScope part) => consent is null || consent.Scope.Contains(part);
        var clinical = Includes(DisclosureScope.Medication) || Includes(DisclosureScope.Counseling) || Includes(DisclosureScope.Outcomes);

        yield return Organization(_clinic);
        yield return Labelled(Patient(Includes(DisclosureScope.Demographics) ? person : null));
        foreach (var episode in clinical ? _record.Episodes : [])
        {
            var episodeId = StableId(_record.Id, $"episode-{episode.Number}");
            yield return Labelled(Episode(episode, episodeId));
            var context = Reference("EpisodeOfCare", episodeId);
            var parts = new List<Resource>();
            if (Includes(DisclosureScope.Medication)) parts.AddRange(Medication(episode, context));
            if (Includes(DisclosureScope.Counseling)) parts.AddRange(episode.Sessions.Select(s => Session(s, context)));
            if (Includes(DisclosureScope.Outcomes)) parts.AddRange(FhirOutcomes.Of(episode, _subject, context));
            foreach (var part in parts) yield return Labelled(part);
        }
        foreach (var granted in _record.Consents.Where(c => consent is null || c.Id == consent.Id))
            yield return Labelled(FhirConsent.Of(granted, _subject, _organization, disclosed: consent is not null));
    }

    private static Resource Labelled(Resource resource)
    {
        resource.Meta ??= new Meta();
        resource.Meta.Security.AddRange(FhirCodes.Part2Labels());
        return resource;
    }

    private ResourceReference Reference(string type, Guid id) => new(_inBundle ? $"urn:uuid:{id}" : $"{type}/{id}");

    /// <summary>The clinic: the consents' performer and the records' managing organization.</summary>
    public static Organization Organization(FhirClinic clinic) => (Organization)Labelled(new Organization
    {
        Id = clinic.OrganizationId.ToString(),
        Identifier = [new Identifier("urn:treatmentplatform:clinic", clinic.Clinic)],
        Active = true,
        Name = $"Clinic {clinic.Clinic}",
    });

    private R4.Patient Patient(PatientDemographics? person)
    {
        // US Core: an identifier and a gender are always present; after erasure (or outside the consent's scope) neither says who it is.
        var patient = new R4.Patient
        {
            Id = _record.Id.ToString(),
            Gender = person is null ? AdministrativeGender.Unknown : Gender(person.Sex),
            ManagingOrganization = _organization,
        };
        if (person?.Mrn is { Length: > 0 } mrn)
            patient.Identifier.Add(new Identifier(_clinic.MrnSystem, mrn)
            {
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
            });
        else
            patient.Identifier.Add(new Identifier("urn:ietf:rfc:3986", $"urn:uuid:{_record.Id}"));
        if (person is not null)
        {
            patient.Name.Add(new HumanName { Family = person.LastName, Given = [person.FirstName] });
            patient.BirthDate = Day(person.DateOfBirth);
        }
        return patient;
    }

    private static AdministrativeGender Gender(Patients.Sex sex) => sex switch
    {
        Patients.Sex.Female => AdministrativeGender.Female,
        Patients.Sex.Male => AdministrativeGender.Male,
        Patients.Sex.Other => AdministrativeGender.Other,
        _ => AdministrativeGender.Unknown,
    };

    private EpisodeOfCare Episode(Patients.EpisodeRecord episode, Guid id) => new()
    {
        Id = id.ToString(),
        Status = episode.DischargedOn is null ? EpisodeOfCare.EpisodeOfCareStatus.Active : EpisodeOfCare.EpisodeOfCareStatus.Finished,
        Patient = _subject,
        ManagingOrganization = _organization,
        Period = new Period { Start = Day(episode.EnrolledOn), End = episode.DischargedOn is { } d ? Day(d) : null },
        Type = [new CodeableConcept(null, null, $"naltrexone treatment, episode {episode.Number}")],
    };

    private IEnumerable<Resource> Medication(Patients.EpisodeRecord episode, ResourceReference context)
    {
        foreach (var (plan, index) in episode.Plans.Select((p, i) => (p, i)))
        {
            // The plan's place in the episode keeps two plans set on one day apart (bdl-7: fullUrl unique).
            var id = StableId(_record.Id, $"plan-{episode.Number}-{index}-{plan.StartOn:yyyyMMdd}-{plan.Form}");
            yield return new MedicationRequest
            {
                Id = id.ToString(),
                Status = index == episode.Plans.Count - 1 && episode.DischargedOn is null
                    ? MedicationRequest.MedicationrequestStatus.Active
                    : MedicationRequest.MedicationrequestStatus.Completed,
                Intent = MedicationRequest.MedicationRequestIntent.Order,
                Medication = FhirCodes.Product(plan.Form),
                Subject = _subject,
                SupportingInformation = [context],
                AuthoredOn = Day(plan.StartOn),
                DosageInstruction = [new Dosage { Text = Describe(plan), Route = FhirCodes.Route(plan.Form) }],
            };
        }
        foreach (var supply in episode.Supplies)
            yield return supply.Form == MedicationForm.Oral ? OralDose(supply, context) : Administration(supply, context);
    }

    private MedicationStatement OralDose(SupplyRecord supply, ResourceReference context) => new()
    {
        Id = supply.Id.ToString(),
        Status = MedicationStatement.MedicationStatusCodes.Completed,
        Medication = FhirCodes.Product(MedicationForm.Oral),
        Subject = _subject,
        Context = context,
        Effective = new FhirDateTime(Day(supply.Date)),
        Dosage = [new Dosage
        {
            Text = $"{supply.DoseMg} mg by mouth",
            Route = FhirCodes.Route(MedicationForm.Oral),
            DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = Milligrams(supply.DoseMg) }],
        }],
    };

    private MedicationAdministration Administration(SupplyRecord supply, ResourceReference context) => new()
    {
        Id = supply.Id.ToString(),
        Status = MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
        Medication = FhirCodes.Product(supply.Form),
        Subject = _subject,
        Context = context,
        Effective = supply.RemovedOn is { } removed
            ? new Period { Start = Day(supply.Date), End = Day(removed) }
            : new FhirDateTime(Day(supply.Date)),
        Dosage = new MedicationAdministration.DosageComponent
        {
            // mad-1: a dosage names a dose; an implant's is one implant.
            Dose = supply.Form == MedicationForm.Injectable ? Milligrams(supply.DoseMg) : new Quantity { Value = 1, Unit = "implant" },
            Route = FhirCodes.Route(supply.Form),
            Site = supply.Site is { } site ? new CodeableConcept(null, null, site == InjectionSite.LeftGluteal ? "left gluteal" : "right gluteal") : null,
            Text = supply.Form == MedicationForm.Implant
                ? $"implant {supply.Product}, {supply.CoverageDays} days" + (supply.RemovedOn is { } r ? $", removed {Day(r)}" : "")
                : $"{supply.DoseMg} mg extended-release intramuscular",
        },
    };

    private Encounter Session(CounselingSessionRecord session, ResourceReference context) => new()
    {
        Id = session.Id.ToString(),
        Status = session.Outcome == SessionOutcome.Attended ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.Cancelled,
        Class = new Coding(FhirCodes.ActCode, session.Modality == SessionModality.Telehealth ? "VR" : "AMB"),
        Type = [FhirCodes.CounselingType(session.Modality)],
        Subject = _subject,
        EpisodeOfCare = [context],
        ServiceProvider = _organization,
        Period = new Period { Start = Day(session.HeldOn) },
        Length = new Duration { Value = session.Minutes, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" },
    };

    private static Quantity Milligrams(int mg) => new(mg, "mg");

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(MedicationPlanRecord plan) => plan.Form switch
    {
        MedicationForm.Oral => $"{plan.DoseMg} mg by mouth, {plan.Schedule?.ToString() ?? "Daily"}",
        MedicationForm.Injectable => $"{plan.DoseMg} mg extended-release intramuscular every 4 weeks",
        _ => $"implant {plan.Product} covering {plan.CoverageDays} days",
    };
}
