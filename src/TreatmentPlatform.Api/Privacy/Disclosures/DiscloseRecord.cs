using System.Text.Json;
using Marten;
using TreatmentPlatform.Interop;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Reading;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Privacy.Disclosures;

/// <summary><c>format</c>: "json" (default) or "fhir" for a FHIR R4 Bundle limited to the consent's scope.</summary>
public sealed record DiscloseRecord(Guid? ConsentId, string? Format, long? ExpectedVersion);

/// <summary>What leaves the clinic: only the parts the consent covers, with the redisclosure notice.</summary>
public sealed record DisclosedRecord(
    Guid DisclosureId, long Version, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope, DateTimeOffset DisclosedAt,
    string RedisclosureNotice, PatientView? Demographics, object? Medication, object? Counseling, object? Outcomes, JsonElement? FhirBundle);

public static class DiscloseRecordEndpoint
{
    public static ProblemDetails Validate(DiscloseRecord request) => new InputErrors()
        .Required(request.ConsentId, "consentId")
        .When(request.Format is not (null or "json" or "fhir"), "format", "format is json or fhir.")
        .ToProblem();

    /// <summary>Refused (409) unless the consent is active today; each disclosure is kept for the accounting.</summary>
    [WolverinePost("/api/patients/{id}/disclosures")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DisclosedRecord>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid id, DiscloseRecord request, IQuerySession query, PatientCommands commands, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var person = await query.LoadAsync<PatientDemographics>(id, ct);
        var disclosureId = Guid.CreateVersion7();
        var at = clock.GetUtcNow();
        ConsentRecord? consent = null;
        Patient? history = null;
        return await commands.Run(http, id, request.ExpectedVersion, c =>
        {
            history = c.History;
            consent = c.State.Consents.FirstOrDefault(x => x.Id == request.ConsentId);
            if (consent is null || !consent.ActiveOn(c.Today))
                return Decision.Refuse(Problems.Conflict("no-active-consent",
                    consent is null ? "No consent with that id is on this patient's record; record the patient's written consent first."
                    : $"The consent for {consent.Recipient} is not active today (granted {PatientRules.Day(consent.GrantedOn)}, expires {PatientRules.Day(consent.ExpiresOn)}" +
                      (consent.RevokedOn is { } r ? $", revoked {PatientRules.Day(r)})." : ").")));
            return Decision.Append(new RecordDisclosed(id, disclosureId, consent.Id, consent.Recipient, consent.Purpose, consent.Scope, at, c.Caller.UserId));
        }, p =>
        {
            var scope = consent!.Scope;
            var episodes = history!.Episodes;
            return new DisclosedRecord(disclosureId, p.Version, consent.Recipient, consent.Purpose, scope, at, RedisclosureNotice.Text,
                scope.Contains(DisclosureScope.Demographics) ? PatientView.From(p, person) : null,
                scope.Contains(DisclosureScope.Medication) ? episodes.Select(e => new { e.Number, e.EnrolledOn, e.DischargedOn, e.Plans, e.Supplies }).ToList() : null,
                scope.Contains(DisclosureScope.Counseling) ? episodes.Select(e => new { e.Number, e.Sessions }).ToList() : null,
                scope.Contains(DisclosureScope.Outcomes) ? episodes.Select(e => new { e.Number, e.Cravings, e.Checks, e.AdverseEvents }).ToList() : null,
                request.Format == "fhir" ? JsonDocument.Parse(FhirExport.Serialize(FhirExport.Build(history, person, scope))).RootElement.Clone() : null);
        }, ct, needsHistory: _ => true);
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
