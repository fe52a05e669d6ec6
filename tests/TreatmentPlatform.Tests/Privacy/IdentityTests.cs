using TreatmentPlatform.Platform.Auth;
using Marten;
using Microsoft.AspNetCore.Builder;
using TreatmentPlatform.Care;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

/// <summary>Who a request acts as: named counselors are real ids, counselors act as themselves, scope follows the write side.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdentityTests(AppFixture app)
{
    private const string Empty = "00000000-0000-0000-0000-000000000000";

    [Fact]
    public async Task The_empty_id_is_refused_wherever_a_counselor_is_named()
    {
        var clinic = app.NewClinic();
        var enrolment = (Dictionary<string, object?>)Scenarios.Enrollment(counselorId: Empty);
        Assert.Contains("counselorId", (await clinic.Post("/api/patients", enrolment, expect: 400)).Json().GetProperty("errors").ToString(), StringComparison.Ordinal);
        var id = await clinic.EnrolledPatient();
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = Empty }, expect: 400);
        await clinic.Post($"/api/patients/{id}/counseling-sessions",
            new { counselorId = Empty, heldOn = "2026-01-06", minutes = 50, modality = "individual", outcome = "attended" }, expect: 400);
        await clinic.Get($"/api/patients?counselorId={Empty}", expect: 400);
        await clinic.Get($"/api/counselors/{Empty}/caseload", expect: 400);
    }

    [Fact]
    public async Task A_counselor_records_sessions_as_themself_and_an_admin_for_any_counselor()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var colleague = Guid.NewGuid();
        var id = await clinic.EnrolledPatient(counselorId: counselor);
        object Session(Guid by) => new { counselorId = by, heldOn = "2026-01-06", minutes = 50, modality = "individual", outcome = "attended" };

        var forbidden = (await clinic.Post($"/api/patients/{id}/counseling-sessions", Session(colleague), clinic.Token(Roles.Counselor, counselor), expect: 403)).Json();
        Assert.Contains("themself", forbidden.Str("detail"), StringComparison.Ordinal);
        await clinic.Post($"/api/patients/{id}/counseling-sessions", Session(counselor), clinic.Token(Roles.Counselor, counselor));
        await clinic.Post($"/api/patients/{id}/counseling-sessions", Session(colleague));                     // an admin, for a colleague
        Assert.Equal(3, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task A_reassigned_patient_leaves_the_former_counselors_caseload_at_once_even_if_the_row_lags()
    {
        var clinic = app.NewClinic();
        var former = Guid.NewGuid();
        var next = Guid.NewGuid();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: former);
        await clinic.Dose(id, "2026-03-01");
        await clinic.Get($"/api/counselors/{former}/caseload?minVersion=1");
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = next });
        await ReadModelCheck.SettledAsync(app.Host.DocumentStore(), clinic.Id);

        // The row's update lost (a dead-lettered projection): the row still names the former counselor.
        await using (var session = app.Host.DocumentStore().LightweightSession(clinic.Id))
        {
            var row = await session.LoadAsync<CareRow>(id);
            session.Store(row! with { CounselorId = former });
            await session.SaveChangesAsync();
        }

        Assert.Empty((await clinic.Get($"/api/counselors/{former}/caseload", clinic.Token(Roles.Counselor, former))).Json().GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(id.ToString(), (await clinic.Get("/api/worklist", clinic.Token(Roles.Counselor, former))).ReadAsText(), StringComparison.Ordinal);
        var theirs = (await clinic.Get($"/api/counselors/{next}/caseload", clinic.Token(Roles.Counselor, next))).Json().GetProperty("items");
        Assert.Equal(id, Assert.Single(theirs.EnumerateArray()).GetProperty("patientId").GetGuid());
    }

    [Theory]
    [InlineData("development-only-signing-key-change-me-0123456789abcdef")]
    [InlineData("CHANGE-ME: openssl rand -base64 48")]
    [InlineData("a-long-but-guessable-passphrase-for-the-api")]
    public void Production_refuses_to_start_with_a_key_from_the_repository_or_a_weak_one(string key)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["Auth:SigningKey"] = key;
        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddAuth());
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }
}
