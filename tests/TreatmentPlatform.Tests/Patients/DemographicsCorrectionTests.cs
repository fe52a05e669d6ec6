using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class DemographicsCorrectionTests(AppFixture app)
{
    [Fact]
    public async Task A_correction_is_appended_updates_the_record_and_shows_in_history_without_values()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();

        var corrected = (await clinic.Put($"/api/patients/{id}/demographics", new { lastName = "Corrigan", dateOfBirth = "1984-07-01" })).Json();
        Assert.Equal(2, corrected.Long("version"));
        Assert.Equal(["lastName", "dateOfBirth"], corrected.GetProperty("correctedFields").EnumerateArray().Select(x => x.GetString()));

        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("Avery", read.Str("firstName"));
        Assert.Equal("Corrigan", read.Str("lastName"));
        Assert.Equal("1984-07-01", read.Str("dateOfBirth"));

        var history = (await clinic.Get($"/api/patients/{id}/history")).ReadAsText();
        Assert.Contains("PatientEnrolled", history, StringComparison.Ordinal);
        Assert.Contains("DemographicsCorrected", history, StringComparison.Ordinal);
        Assert.DoesNotContain("Corrigan", history, StringComparison.Ordinal);
        Assert.DoesNotContain("1984-07-01", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_or_blank_correction_is_400()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await clinic.Put($"/api/patients/{id}/demographics", new { }, expect: 400);
        await clinic.Put($"/api/patients/{id}/demographics", new { firstName = "  " }, expect: 400);
    }
}
