using System.Text.Json;

namespace TreatmentPlatform.Tests.Support;

/// <summary>Clinic-language helpers that build state through the HTTP API only.</summary>
public static class Scenarios
{
    public static object Enrollment(string enrolledOn = "2026-01-05", string program = "oud", string? counselorId = null,
        string? counselingFrequency = null, string firstName = "Avery", string lastName = "Testpatient", string dateOfBirth = "1984-06-30") => new Dictionary<string, object?>
    {
        ["firstName"] = firstName,
        ["lastName"] = lastName,
        ["dateOfBirth"] = dateOfBirth,
        ["program"] = program,
        ["enrolledOn"] = enrolledOn,
        ["counselorId"] = counselorId,
        ["counselingFrequency"] = counselingFrequency,
    }.Where(x => x.Value is not null).ToDictionary();

    public static async Task<Guid> EnrolledPatient(this TestClinic clinic, string enrolledOn = "2026-01-05", string program = "oud",
        Guid? counselorId = null, string? counselingFrequency = null)
    {
        var result = await clinic.Send(HttpMethod.Post, "/api/patients",
            Enrollment(enrolledOn, program, counselorId?.ToString(), counselingFrequency), expect: 201);
        return result.Json().GetProperty("id").GetGuid();
    }

    public static string Str(this JsonElement json, string property) => json.GetProperty(property).GetString()!;
    public static long Long(this JsonElement json, string property) => json.GetProperty(property).GetInt64();
}
