using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Platform.Auth;
using System.Security.Cryptography;
using System.Text;
using Alba;
using Marten;
using TreatmentPlatform.Platform.Idempotency;
using TreatmentPlatform.Tests.Support;
using Wolverine;

namespace TreatmentPlatform.Tests.Privacy;

/// <summary>A stored answer (Idempotency-Key) never outlives the rules: scope, consent, erasure, retention.</summary>
[Collection(ApiCollection.Name)]
public sealed class StoredAnswerTests(AppFixture app)
{
    private static Action<Scenario> Key(string key) => s => s.WithRequestHeader("Idempotency-Key", key);

    private static async Task<Guid> Consent(TestClinic clinic, Guid id, string recipient, params string[] scope) =>
        (await clinic.Post($"/api/patients/{id}/consents", new { recipient, purpose = "continuity of care", scope, grantedOn = "2026-01-05", expiresOn = "2030-12-31" }))
        .Json().GetProperty("consentId").GetGuid();

    private async Task<IReadOnlyList<IdempotentResponse>> StoredAsync(TestClinic clinic)
    {
        await using var session = app.Host.DocumentStore().QuerySession(clinic.Id);
        return await session.Query<IdempotentResponse>().ToListAsync();
    }

    [Fact]
    public async Task A_disclosure_retried_after_its_consent_is_revoked_is_refused_and_no_identifiers_were_stored()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var consent = await Consent(clinic, id, "Dr. Receiving Clinician", "demographics");

        var first = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/disclosures", new { consentId = consent }, configure: Key("d-1"))).Json();
        Assert.Equal("Avery", first.GetProperty("demographics").Str("firstName"));
        var stored = Assert.Single(await StoredAsync(clinic), s => s.PatientId == id && s.Receipt);
        Assert.DoesNotContain("Avery", stored.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Testpatient", stored.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("1984-06-30", stored.Body, StringComparison.Ordinal);

        // The same request again, consent still active: the same disclosure, nothing appended.
        var again = await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/disclosures", new { consentId = consent }, configure: Key("d-1"));
        Assert.Equal(first.Str("disclosureId"), again.Json().Str("disclosureId"));
        Assert.Single((await clinic.Get($"/api/patients/{id}/disclosures")).Json().EnumerateArray());

        await clinic.Post($"/api/patients/{id}/consents/{consent}/revocation", new { revokedOn = "2026-01-06" });
        var refused = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/disclosures", new { consentId = consent }, expect: 409, configure: Key("d-1"))).Json();
        Assert.Equal("no-active-consent", refused.Str("title"));
    }

    [Fact]
    public async Task Erasure_removes_the_patients_stored_answers_and_a_retry_then_discloses_no_name()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var consent = await Consent(clinic, id, "Dr. Receiving Clinician", "demographics");
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/disclosures", new { consentId = consent }, configure: Key("d-2"));
        await clinic.Post($"/api/patients/{id}/demographics/erasure", new { basis = "patient's written request" });

        Assert.DoesNotContain(await StoredAsync(clinic), s => s.Id.EndsWith(":d-2", StringComparison.Ordinal));
        var retried = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/disclosures", new { consentId = consent }, configure: Key("d-2"))).Json();
        Assert.DoesNotContain("Avery", retried.ToString(), StringComparison.Ordinal);
        Assert.True(retried.GetProperty("demographics").GetProperty("erased").GetBoolean());
    }

    [Fact]
    public async Task A_stored_answer_is_not_replayed_to_a_counselor_who_no_longer_has_the_patient()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.EnrolledPatient(counselorId: counselor);
        var token = clinic.Token(Roles.Counselor, counselor);
        var session = new { counselorId = counselor, heldOn = "2026-01-06", minutes = 50, modality = "individual", outcome = "attended" };
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/counseling-sessions", session, token, expect: 200, configure: Key("s-1"));

        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = Guid.NewGuid() });
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/counseling-sessions", session, token, expect: 404, configure: Key("s-1"));
    }

    [Fact]
    public async Task Two_admins_of_one_clinic_with_the_same_key_and_body_each_get_their_own_execution()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var body = new { kind = "other", notedOn = "2026-01-06" };
        var one = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, clinic.Token(Roles.Admin, Guid.NewGuid()), configure: Key("shared"))).Json();
        var two = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, clinic.Token(Roles.Admin, Guid.NewGuid()), configure: Key("shared"))).Json();
        Assert.NotEqual(one.Str("contraindicationId"), two.Str("contraindicationId"));
        Assert.Equal(3, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task A_stored_answer_expires_after_its_retention_and_the_nightly_sweep_deletes_it()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var body = new { kind = "other", notedOn = "2026-01-06" };
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, configure: Key("old"));
        var store = app.Host.DocumentStore();
        await using (var session = store.LightweightSession(clinic.Id))
        {
            var stored = (await session.Query<IdempotentResponse>().ToListAsync()).Single();
            // Keyed: not a bare SHA-256 of the route and the body, which could be guessed back from names and dates of birth.
            var bare = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"/api/patients/{id}/contraindications" +
                System.Text.Json.JsonSerializer.Serialize(body, TestClinic.Json))));
            Assert.NotEqual(bare, stored.Fingerprint);
            session.Store(stored with { At = stored.At.AddHours(-25) });
            await session.SaveChangesAsync();
        }

        var retried = await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, configure: Key("old"));
        Assert.False(retried.Context.Response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal(3, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));     // a new execution

        await using (var session = store.LightweightSession(clinic.Id))
        {
            var stored = (await session.Query<IdempotentResponse>().ToListAsync()).Single();
            session.Store(stored with { At = stored.At.AddHours(-25) });
            await session.SaveChangesAsync();
        }
        using (var scope = app.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(clinic.Id, new SweepStoredResponses());
        Assert.Empty(await StoredAsync(clinic));
    }
}
