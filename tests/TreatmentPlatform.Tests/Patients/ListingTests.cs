using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class ListingTests(AppFixture app)
{
    [Fact]
    public async Task Lists_are_ordered_by_enrollment_then_id_filtered_and_paged()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var c = await clinic.EnrolledPatient("2026-03-01", counselorId: counselor);
        var a = await clinic.EnrolledPatient("2026-01-01");
        var b = await clinic.EnrolledPatient("2026-02-01", counselorId: counselor);
        await clinic.Post($"/api/patients/{a}/discharge", new { dischargedOn = "2026-01-10", reason = "completed" });

        var all = (await clinic.Get("/api/patients")).Json();
        Assert.Equal(3, all.Long("total"));
        Assert.Equal([a, b, c], all.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));
        Assert.Equal("Avery", all.GetProperty("items")[0].Str("firstName"));

        var page2 = (await clinic.Get("/api/patients?page=2&pageSize=2")).Json();
        Assert.Equal(3, page2.Long("total"));
        Assert.Equal([c], page2.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));

        var pastTheEnd = (await clinic.Get("/api/patients?page=3&pageSize=2")).Json();
        Assert.Equal(3, pastTheEnd.Long("total"));                          // the same total on every page
        Assert.Empty(pastTheEnd.GetProperty("items").EnumerateArray());

        var discharged = (await clinic.Get("/api/patients?status=discharged")).Json();
        Assert.Equal([a], discharged.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));

        var mine = (await clinic.Get($"/api/patients?counselorId={counselor}&status=enrolled")).Json();
        Assert.Equal([b, c], mine.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("pageSize=201")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("page=x")]
    [InlineData("page=2147483647&pageSize=200")]
    [InlineData("page=99999999999999999999")]
    [InlineData("status=asleep")]
    [InlineData("counselorId=bob")]
    public async Task Bad_list_parameters_are_400(string query)
    {
        var clinic = app.NewClinic();
        await clinic.Get($"/api/patients?{query}", expect: 400);
    }

    [Fact]
    public async Task Only_admins_list_patients()
    {
        var clinic = app.NewClinic();
        await clinic.Get("/api/patients", clinic.Token("counselor"), expect: 403);
        await clinic.Get("/api/patients", clinic.Token("reporter"), expect: 403);
    }
}
