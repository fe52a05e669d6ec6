using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Induction;

[Collection(ApiCollection.Name)]
public sealed class VerificationRouteTests(AppFixture app)
{
    [Fact]
    public async Task Verifications_and_contraindications_are_recorded_and_resolved()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        Assert.Equal(2, (await clinic.Post($"/api/patients/{id}/opioid-free-verifications",
            new { verifiedOn = "2026-01-06", method = "naloxone-challenge", result = "positive" })).Json().Long("version"));

        var noted = (await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "acute-hepatitis", notedOn = "2026-01-06" })).Json();
        var contraindicationId = noted.GetProperty("contraindicationId").GetGuid();
        Assert.Equal(3, noted.Long("version"));

        await clinic.Post($"/api/patients/{id}/contraindications/{contraindicationId}/resolution", new { resolvedOn = "2026-01-05" }, expect: 400);
        Assert.Equal(4, (await clinic.Post($"/api/patients/{id}/contraindications/{contraindicationId}/resolution", new { resolvedOn = "2026-01-20" })).Json().Long("version"));
        Assert.Equal("already-resolved", (await clinic.Post($"/api/patients/{id}/contraindications/{contraindicationId}/resolution",
            new { resolvedOn = "2026-01-21" }, expect: 409)).Json().Str("title"));
        await clinic.Post($"/api/patients/{id}/contraindications/{Guid.NewGuid()}/resolution", new { resolvedOn = "2026-01-21" }, expect: 404);
    }

    [Theory]
    [InlineData("""{"verifiedOn":"2026-01-06","method":"blood-test","result":"negative"}""", "method")]
    [InlineData("""{"verifiedOn":"2026-01-06","method":"self-report","result":"maybe"}""", "result")]
    [InlineData("""{"method":"self-report","result":"negative"}""", "verifiedOn")]
    [InlineData("""{"verifiedOn":"2026-01-06","method":"self-report","result":"negative","lastOpioidUseOn":"2026-01-07"}""", "lastOpioidUseOn")]
    [InlineData("""{"verifiedOn":"2026-01-06","method":"self-report","result":"negative","lastOpioidKind":"fentanyl","lastOpioidUseOn":"2026-01-01"}""", "lastOpioidKind")]
    [InlineData("""{"verifiedOn":"2099-01-06","method":"self-report","result":"negative"}""", "verifiedOn")]
    public async Task Bad_verifications_are_400_naming_the_field(string body, string field)
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        var problem = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/opioid-free-verifications", body, expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(1, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Counselors_and_reporters_cannot_record_verifications()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.EnrolledPatient(counselorId: counselor);
        var body = new { verifiedOn = "2026-01-06", method = "self-report", result = "negative" };
        await clinic.Post($"/api/patients/{id}/opioid-free-verifications", body, clinic.Token("counselor", counselor), expect: 403);
        await clinic.Post($"/api/patients/{id}/opioid-free-verifications", body, clinic.Token("reporter"), expect: 403);
    }
}
