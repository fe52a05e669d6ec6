using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Privacy.Consents;

public sealed record RecordConsent(string? Recipient, string? Purpose, IReadOnlyList<DisclosureScope>? Scope, DateOnly? GrantedOn, DateOnly? ExpiresOn, long? ExpectedVersion);

public sealed record RevokeConsent(DateOnly? RevokedOn, long? ExpectedVersion);

public sealed record ConsentRecorded(Guid ConsentId, long Version);

public sealed record ConsentView(Guid ConsentId, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope,
    DateOnly GrantedOn, DateOnly ExpiresOn, DateOnly? RevokedOn, bool Active);

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

    [WolverinePost("/api/patients/{id}/consents")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ConsentRecorded>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordConsent request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var consentId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.NotInFuture(request.GrantedOn!.Value, "grantedOn", c.Today) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new ConsentGranted(id, consentId, request.Recipient!.Trim(), request.Purpose!.Trim(),
                        request.Scope!.Distinct().Order().ToList(), request.GrantedOn.Value, request.ExpiresOn!.Value)),
            p => new ConsentRecorded(consentId, p.Version), ct);
    }
}

public static class RevokeConsentEndpoint
{
    public static ProblemDetails Validate(RevokeConsent request) => new InputErrors().Required(request.RevokedOn, "revokedOn").ToProblem();

    [WolverinePost("/api/patients/{id}/consents/{consentId}/revocation")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid consentId, RevokeConsent request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var consent = c.State.Consents.FirstOrDefault(x => x.Id == consentId);
            var problem = consent is null ? Problems.NotFound("consent")
                : PatientRules.Ending("consent", consent.RevokedOn, request.RevokedOn!.Value, consent.GrantedOn, "revokedOn", c.Today);
            return problem is not null ? Decision.Refuse(problem) : Decision.Append(new ConsentRevoked(id, consentId, request.RevokedOn!.Value));
        }, p => new VersionResponse(p.Version), ct);
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
        return Results.Ok(patient.Consents.Select(c => new ConsentView(c.Id, c.Recipient, c.Purpose, c.Scope, c.GrantedOn, c.ExpiresOn, c.RevokedOn, c.ActiveOn(today))).ToList());
    }
}
