using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Privacy.Consents;

public sealed record RecordConsent(string? Recipient, string? Purpose, IReadOnlyList<DisclosureScope>? Scope, DateOnly? GrantedOn, DateOnly? ExpiresOn,
    PurposeOfUse? PurposeOfUse, long? ExpectedVersion) : IPatientCommand;

public sealed record RevokeConsent(DateOnly? RevokedOn, long? ExpectedVersion) : IPatientCommand;

public sealed record ConsentRecorded(Guid ConsentId, long Version);

public sealed record ConsentView(Guid ConsentId, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope,
    DateOnly GrantedOn, DateOnly ExpiresOn, DateOnly? RevokedOn, bool Active, PurposeOfUse? PurposeOfUse);

public static class RecordConsentEndpoint
{
    public static ProblemDetails Validate(RecordConsent request) => new InputErrors()
        .Required(request.Recipient, "recipient", 200)
        .Required(request.Purpose, "purpose", 500)
        .Required(request.GrantedOn, "grantedOn")
        .Required(request.ExpiresOn, "expiresOn")
        .When(request.Scope is null || request.Scope.Count == 0, "scope", "scope lists what may be disclosed: demographics, medication, counseling, outcomes.")
        .When(request.ExpiresOn < request.GrantedOn, "expiresOn", "expiresOn cannot be before grantedOn.")
        .ToProblem();

    public static IResult Before(RecordConsent request, ClinicDay day) =>
        PatientRules.NotInFuture(request.GrantedOn!.Value, "grantedOn", day.Today) ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/consents")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ConsentRecorded>(StatusCodes.Status200OK)]
    public static Task<(ConsentRecorded, Events)> Post(RecordConsent request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct)
    {
        var granted = new ConsentGranted(patient.Id, Guid.CreateVersion7(), request.Recipient!.Trim(), request.Purpose!.Trim(),
            request.Scope!.Distinct().Order().ToList(), request.GrantedOn!.Value, request.ExpiresOn!.Value, request.PurposeOfUse);
        return PatientChange.Respond(session, patient, [granted], after => new ConsentRecorded(granted.ConsentId, after.Version), ct);
    }
}

public static class RevokeConsentEndpoint
{
    public static ProblemDetails Validate(RevokeConsent request) => new InputErrors().Required(request.RevokedOn, "revokedOn").ToProblem();

    public static IResult Before(Guid consentId, RevokeConsent request, PatientState patient, ClinicDay day)
    {
        var consent = patient.Consents.FirstOrDefault(x => x.Id == consentId);
        return (consent is null
                   ? Problems.NotFound("consent")
                   : PatientRules.Ending("consent", consent.RevokedOn, request.RevokedOn!.Value, consent.GrantedOn, "revokedOn", day.Today))
               ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/consents/{consentId}/revocation")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(Guid consentId, RevokeConsent request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new ConsentRevoked(patient.Id, consentId, request.RevokedOn!.Value)],
            after => new VersionResponse(after.Version), ct);
}

public static class ListConsentsEndpoint
{
    [WolverineGet("/api/patients/{id}/consents")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ConsentView[]>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, TreatmentPlatform.Clinics.ClinicCalendar calendar, CancellationToken ct)
    {
        var patient = await session.LoadAsync<PatientState>(id, ct);
        if (patient is null) return Problems.NotFound("patient");
        var today = await calendar.TodayAsync(session, ct);
        return Results.Ok(patient.Consents.Select(c => new ConsentView(c.Id, c.Recipient, c.Purpose, c.Scope, c.GrantedOn, c.ExpiresOn, c.RevokedOn, c.ActiveOn(today), c.PurposeOfUse)).ToList());
    }
}
