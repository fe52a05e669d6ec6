using System.Text.Json;
using System.Text.Json.Serialization;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using TreatmentPlatform.Platform.Idempotency;
using Marten;
using TreatmentPlatform.Interop;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using TreatmentPlatform.Privacy.Consents;
using Wolverine.Marten;

namespace TreatmentPlatform.Privacy.Disclosures;

/// <summary><c>format</c>: "json" (default) or "fhir" for a FHIR R4 Bundle limited to the consent's scope.</summary>
public sealed record DiscloseRecord(Guid? ConsentId, string? Format, long? ExpectedVersion) : IPatientCommand;

/// <summary>
/// What leaves the clinic: only the parts the consent's scope names (docs/clinical-rules.md#privacy),
/// under that consent alone, with the redisclosure notice. A retry with the same Idempotency-Key
/// is rebuilt from its receipt after the consent is checked again: the stored answer holds no identifiers.
/// </summary>
public sealed record DisclosedRecord(
    Guid DisclosureId, long Version, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope, DateTimeOffset DisclosedAt,
    string RedisclosureNotice, DisclosedDemographics? Demographics, object? Medication, object? Counseling, object? Outcomes, JsonElement? FhirBundle)
    : IRebuiltOnRetry
{
    [JsonIgnore] public object Receipt => new DisclosureReceipt(DisclosureId, Version, DisclosedAt);
}

/// <summary>The demographics part: who the patient is, and nothing of their treatment.</summary>
public sealed record DisclosedDemographics(Guid PatientId, string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Mrn, Sex? Sex, bool Erased);

public sealed record DisclosureReceipt(Guid DisclosureId, long Version, DateTimeOffset DisclosedAt);

public static class DiscloseRecordEndpoint
{
    public static ProblemDetails Validate(DiscloseRecord request) => new InputErrors()
        .Required(request.ConsentId, "consentId")
        .When(request.Format is not (null or "json" or "fhir"), "format", "format is json or fhir.")
        .ToProblem();

    /// <summary>What is disclosed spans every episode.</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(DiscloseRecord request, PatientState patient, ClinicDay day)
    {
        var consent = patient.Consents.FirstOrDefault(x => x.Id == request.ConsentId);
        if (consent is not null && consent.ActiveOn(day.Today)) return WolverineContinue.Result();
        return Problems.Conflict("no-active-consent",
            consent is null ? "No consent with that id is on this patient's record; record the patient's written consent first."
            : $"The consent for {consent.Recipient} is not active today (granted {PatientRules.Day(consent.GrantedOn)}, expires {PatientRules.Day(consent.ExpiresOn)}" +
              (consent.RevokedOn is { } r ? $", revoked {PatientRules.Day(r)})." : ")."));
    }

    /// <summary>Refused (409) unless the consent is active today; each disclosure is kept for the accounting.</summary>
    [WolverinePost("/api/patients/{id}/disclosures")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DisclosedRecord>(StatusCodes.Status200OK)]
    public static async Task<(DisclosedRecord, Events)> Post(DiscloseRecord request, [Patient] PatientState patient, Patient history, Caller caller,
        RequestKey key, IDocumentSession session, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var person = await session.LoadAsync<PatientDemographics>(patient.Id, ct);
        var consent = patient.Consents.First(x => x.Id == request.ConsentId);
        var clinic = await FhirClinic.OfAsync(session, ct);
        if (key.Receipt is { } stored)
        {
            // The same request again: the same disclosure, rebuilt from today's record, nothing appended.
            var receipt = JsonSerializer.Deserialize<DisclosureReceipt>(stored.Body, json.Value.SerializerOptions)!;
            return (Disclosed(request, consent, receipt, history, person, patient.DemographicsErased, clinic), new Events());
        }
        var disclosed = new RecordDisclosed(patient.Id, Guid.CreateVersion7(), consent.Id, consent.Recipient, consent.Purpose, consent.Scope,
            clock.GetUtcNow(), caller.UserId);
        // What leaves is the record as it stood before this disclosure.
        return await PatientChange.Respond(session, patient, [disclosed], after =>
            Disclosed(request, consent, new DisclosureReceipt(disclosed.DisclosureId, after.Version, disclosed.DisclosedAt), history, person,
                after.DemographicsErased, clinic), ct, history);
    }

    private static DisclosedRecord Disclosed(DiscloseRecord request, ConsentRecord consent, DisclosureReceipt receipt, Patient history,
        PatientDemographics? person, bool erased, FhirClinic clinic)
    {
        var scope = consent.Scope;
        var episodes = history.Episodes;
        return new DisclosedRecord(receipt.DisclosureId, receipt.Version, consent.Recipient, consent.Purpose, scope, receipt.DisclosedAt,
            RedisclosureNotice.Text,
            scope.Contains(DisclosureScope.Demographics)
                ? new DisclosedDemographics(history.Id, person?.FirstName, person?.LastName, person?.DateOfBirth, person?.Mrn, person?.Sex, erased)
                : null,
            scope.Contains(DisclosureScope.Medication) ? episodes.Select(e => new { e.Number, e.EnrolledOn, e.DischargedOn, e.Plans, e.Supplies }).ToList() : null,
            scope.Contains(DisclosureScope.Counseling) ? episodes.Select(e => new { e.Number, e.Sessions }).ToList() : null,
            scope.Contains(DisclosureScope.Outcomes) ? episodes.Select(e => new { e.Number, e.Cravings, e.Checks, e.AdverseEvents }).ToList() : null,
            request.Format == "fhir"
                ? JsonDocument.Parse(FhirExport.Serialize(FhirExport.Disclose(history, person, clinic, consent))).RootElement.Clone()
                : null);
    }
}

public static class AccountingOfDisclosuresEndpoint
{
    public const int AccountingYears = 3;

    [WolverineGet("/api/patients/{id}/disclosures")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DisclosureRecord[]>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var (_, patient) = await PatientRecords.CurrentAsync(session, id, ct);
        if (patient is null) return Problems.NotFound("patient");
        var since = clock.GetUtcNow().AddYears(-AccountingYears);
        return Results.Ok(patient.Disclosures.Where(d => d.DisclosedAt >= since).OrderByDescending(d => d.DisclosedAt).ToList());
    }
}
