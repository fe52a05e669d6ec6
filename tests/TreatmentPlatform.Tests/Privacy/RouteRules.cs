namespace TreatmentPlatform.Tests.Privacy;

/// <summary>
/// Every /api route, who may call it, and a valid body for it. The route-table test fails when the
/// host has a route that is not listed here, so a new route cannot ship without a rule.
/// </summary>
public static class RouteRules
{
    public const string A = "admin", C = "counselor", R = "reporter";

    public sealed record Rule(string Method, string Route, string[] Roles, object? Body = null)
    {
        public string Key => $"{Method} {Route}";
        public bool PatientScoped => Route.StartsWith("/api/patients/{id}", StringComparison.Ordinal);

        /// <summary>An answer that does not end (server-sent events): its roles are tested in CaseloadStreamTests, which reads it as a stream.</summary>
        public bool Streams => Route.EndsWith("/stream", StringComparison.Ordinal);
    }

    public static readonly Rule[] All =
    [
        new("GET", "/api/clinic/settings", [A]),
        new("PUT", "/api/clinic/settings", [A], new { pdcThreshold = 0.8 }),
        new("POST", "/api/patients", [A], new { firstName = "Rule", lastName = "Table", dateOfBirth = "1980-01-01", program = "oud", enrolledOn = "2026-03-01" }),
        new("GET", "/api/patients", [A]),
        new("GET", "/api/patients/{id}", [A, C]),
        new("POST", "/api/patients/{id}/opioid-free-verifications", [A], new { verifiedOn = "2026-03-02", method = "self-report", result = "negative" }),
        new("POST", "/api/patients/{id}/contraindications", [A], new { kind = "other", notedOn = "2026-03-02" }),
        new("POST", "/api/patients/{id}/contraindications/{contraindicationId}/resolution", [A], new { resolvedOn = "2026-03-03" }),
        new("PUT", "/api/patients/{id}/counselor", [A], new { counselorId = Guid.NewGuid() }),
        new("PUT", "/api/patients/{id}/counseling-frequency", [A], new { counselingFrequency = "biweekly" }),
        new("POST", "/api/patients/{id}/discharge", [A], new { dischargedOn = "2026-03-20", reason = "completed" }),
        new("POST", "/api/patients/{id}/readmission", [A], new { enrolledOn = "2026-03-25" }),
        new("PUT", "/api/patients/{id}/demographics", [A], new { lastName = "Corrected" }),
        new("POST", "/api/patients/{id}/demographics/erasure", [A], new { basis = "patient request" }),
        new("GET", "/api/patients/{id}/history", [A]),
        new("PUT", "/api/patients/{id}/medication-plan", [A], new { form = "oral", startOn = "2026-03-02" }),
        new("POST", "/api/patients/{id}/doses", [A, C], new { takenOn = "2026-03-02", doseMg = 50, observed = true }),
        new("POST", "/api/patients/{id}/injections", [A], new { administeredOn = "2026-03-02", doseMg = 380, site = "left-gluteal" }),
        new("POST", "/api/patients/{id}/implants", [A], new { insertedOn = "2026-03-02", product = "NTX" }),
        new("POST", "/api/patients/{id}/implants/{implantId}/removal", [A], new { removedOn = "2026-03-03" }),
        new("POST", "/api/patients/{id}/supplies/{supplyId}/entered-in-error", [A], new { reason = "test" }),
        new("POST", "/api/patients/{id}/counseling-sessions", [A, C], new { counselorId = Guid.NewGuid(), heldOn = "2026-03-02", minutes = 30, modality = "group", outcome = "attended" }),
        new("POST", "/api/patients/{id}/counseling-sessions/{sessionId}/correction", [A, C], new { outcome = "no-show", reason = "test" }),
        new("POST", "/api/patients/{id}/craving-assessments", [A, C], new { assessedOn = "2026-03-02", substance = "alcohol", score = 3 }),
        new("POST", "/api/patients/{id}/substance-use-checks", [A, C], new { checkedOn = "2026-03-02", method = "breathalyzer", substance = "alcohol", result = "negative" }),
        new("POST", "/api/patients/{id}/adverse-events", [A, C], new { onsetOn = "2026-03-02", kind = "headache", severity = "mild" }),
        new("POST", "/api/patients/{id}/adverse-events/{eventId}/resolution", [A, C], new { resolvedOn = "2026-03-03" }),
        new("POST", "/api/patients/{id}/outcomes/{recordId}/entered-in-error", [A, C], new { reason = "test" }),
        new("GET", "/api/patients/{id}/outcomes", [A, C]),
        new("GET", "/api/patients/{id}/adherence", [A, C]),
        new("GET", "/api/patients/{id}/chart", [A, C]),
        new("POST", "/api/patients/{id}/consents", [A], new { recipient = "County court", purpose = "treatment court", scope = new[] { "medication" }, grantedOn = "2026-03-02", expiresOn = "2026-12-31" }),
        new("POST", "/api/patients/{id}/consents/{consentId}/revocation", [A], new { revokedOn = "2026-03-03" }),
        new("GET", "/api/patients/{id}/consents", [A]),
        new("POST", "/api/patients/{id}/disclosures", [A], new { consentId = Guid.NewGuid() }),
        new("GET", "/api/patients/{id}/disclosures", [A]),
        new("GET", "/api/patients/{id}/fhir", [A]),
        new("GET", "/api/fhir/metadata", [A]),
        new("GET", "/api/fhir/$export", [A]),
        new("GET", "/api/fhir/$export/{exportId}", [A]),
        new("GET", "/api/fhir/$export/{exportId}/{type}", [A]),
        new("DELETE", "/api/fhir/$export/{exportId}", [A]),
        new("GET", "/api/audit", [A]),
        new("GET", "/api/worklist", [A, C]),
        new("GET", "/api/counselors/{id}/caseload", [A, C]),
        new("GET", "/api/counselors/{id}/stream", [A, C]),
        new("GET", "/api/reports/{kind}", [A, R]),
        new("POST", "/api/reports/{kind}/runs", [A, R], new { from = "2026-03-01", to = "2026-03-31" }),
        new("GET", "/api/reports/runs/{runId}", [A, R]),
        new("POST", "/api/admin/read-models/rebuild", [A], new { }),
        new("GET", "/api/admin/read-models/rebuild/{runId}", [A]),
    ];
}
