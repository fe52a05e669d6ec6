using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed class AccessAuditTests(AppFixture app)
{
    [Fact]
    public async Task Every_read_and_change_of_a_patient_is_logged_with_who_and_what()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.EnrolledPatient(counselorId: counselor);
        await clinic.Get($"/api/patients/{id}", clinic.Token("counselor", counselor));
        await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-06" });

        var log = (await clinic.Get($"/api/audit?patientId={id}")).Json();
        Assert.Equal(3, log.Long("total"));
        var items = log.GetProperty("items").EnumerateArray().ToList();
        // newest first
        Assert.Equal(["POST", "GET", "POST"], items.Select(i => i.Str("method")));
        Assert.Equal("/api/patients/{id}/contraindications", items[0].Str("route"));
        Assert.Equal("counselor", items[1].Str("role"));
        Assert.Equal(counselor, items[1].GetProperty("userId").GetGuid());
        Assert.Equal(clinic.Id, items[1].Str("clinic"));
        Assert.All(items, i => Assert.Equal(id, i.GetProperty("patientId").GetGuid()));
    }

    [Fact]
    public async Task The_log_is_per_clinic_and_admin_only()
    {
        var clinic = app.NewClinic();
        var other = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await other.Get($"/api/patients/{id}", expect: 404);
        Assert.Equal(1, (await clinic.Get($"/api/audit?patientId={id}")).Json().Long("total"));
        await clinic.Get("/api/audit", clinic.Token("counselor"), expect: 403);
        // paging is read as for the patient list: a bad value is 400, not quietly page 1
        await clinic.Get("/api/audit?page=x", expect: 400);
        await clinic.Get("/api/audit?pageSize=201", expect: 400);
    }
}
