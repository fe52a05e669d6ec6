using System.Text.Json;
using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
using TreatmentPlatform.Platform.Idempotency;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Reports.Scheduling;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Clinics;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace TreatmentPlatform.Patients.Enrolling;

public sealed record EnrollPatient(
    string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Mrn, Sex? Sex,
    TreatmentProgram? Program, DateOnly? EnrolledOn,
    CounselingFrequency? CounselingFrequency, Guid? CounselorId);

public sealed record PatientEnrollmentResponse(Guid Id, long Version, PatientStatus Status, int Episode);

public static class EnrollPatientEndpoint
{
    public static ProblemDetails Validate(EnrollPatient request) => new InputErrors()
        .Required(request.FirstName, "firstName", 100)
        .Required(request.LastName, "lastName", 100)
        .Required(request.DateOfBirth, "dateOfBirth")
        .Optional(request.Mrn, "mrn", 64)
        .Required(request.Program, "program")
        .Required(request.EnrolledOn, "enrolledOn")
        .When(request.DateOfBirth < new DateOnly(1900, 1, 1), "dateOfBirth", "dateOfBirth must be after 1900-01-01.")
        .When(request.DateOfBirth > request.EnrolledOn, "dateOfBirth", "dateOfBirth must be before enrolledOn.")
        .When(request.CounselorId == Guid.Empty, "counselorId", "counselorId must be a user id.")
        .ToProblem();

    [WolverinePost("/api/patients")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<PatientEnrollmentResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Post(EnrollPatient request, OutboxedSessionFactory sessions, IWolverineRuntime runtime, IDocumentStore store,
        ClinicCalendar calendar, TimeProvider clock, IdempotencySettings idempotency, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var key = await IdempotencyKey.FromAsync(http, caller.UserId, idempotency, ct);
        // Its own session (not the workflow's: there is no stream to load yet), enlisted in the
        // outbox so the schedule job is sent if and only if the enrollment commits.
        var bus = new MessageContext(runtime);
        await using var session = sessions.OpenSession(bus, caller.Clinic);
        var lookup = key is null ? null : await key.FindAsync(session, idempotency, clock.GetUtcNow(), ct);
        if (lookup?.Refusal is { } refusal) return refusal;
        if (lookup?.Stored is { } stored) return IdempotencyKey.Replay(stored);

        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var today = calendar.Today(settings);
        if (request.EnrolledOn > today)
            return Problems.Invalid("enrolledOn", $"enrolledOn cannot be in the future (today is {PatientRules.Day(today)} in the clinic).");

        var id = Guid.CreateVersion7();
        var enrolled = new PatientEnrolled(id, request.Program!.Value, request.EnrolledOn!.Value, 1,
            request.CounselingFrequency ?? CounselingFrequency.Weekly, request.CounselorId);
        session.Events.StartStream<Patient>(id, enrolled);
        session.Insert(new PatientDemographics
        {
            Id = id,
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            DateOfBirth = request.DateOfBirth!.Value,
            Mrn = request.Mrn?.Trim(),
            Sex = request.Sex ?? Sex.Unknown,
        });
        var response = new PatientEnrollmentResponse(id, 1, PatientStatus.Enrolled, 1);
        var location = $"/api/patients/{id}";
        lookup?.Remember(session, StatusCodes.Status201Created, response, location, id, clock.GetUtcNow(), json.Value.SerializerOptions);
        session.Insert(AccessAudit.Entry(http, caller, id, clock.GetUtcNow()));
        // The clinic's schedule is made once, by a job: two enrollments never race on it.
        if (await session.LoadAsync<NightlySchedule>(NightlySchedule.DocumentId, ct) is null)
            await bus.PublishAsync(new ScheduleNightlyReports(), new DeliveryOptions { TenantId = caller.Clinic });

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException) when (key is not null)
        {
            // The same key raced us and won: answer with its response.
            await using var again = store.QuerySession(caller.Clinic);
            var winner = await key.FindAsync(again, idempotency, clock.GetUtcNow(), ct);
            return winner.Refusal ?? (winner.Stored is { } first ? IdempotencyKey.Replay(first) : Problems.Conflict("idempotency-key-in-use", "Retry the request."));
        }
        return Results.Created(location, response);
    }
}
