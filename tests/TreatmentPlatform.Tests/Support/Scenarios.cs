using System.Text.Json;
using Alba;

namespace TreatmentPlatform.Tests.Support;

/// <summary>Clinic-language helpers that build state through the HTTP API only.</summary>
public static class Scenarios
{
    /// <summary>Polls a job's route (a report run, a rebuild) until it is done or failed, for a minute at most.</summary>
    public static async Task<JsonElement> Finished(this TestClinic clinic, string route)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await clinic.Get(route)).Json();
            if (job.Str("status") is "done" or "failed" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(50);
        }
    }

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

/// <summary>Medication scenario helpers: plans and administrations through HTTP.</summary>
public static class MedicationScenarios
{
    public static string D(this DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Enrolled, verified opioid-free (negative screen, no known use) on the start day, on a plan.</summary>
    public static async Task<Guid> PatientOnPlan(this TestClinic clinic, string startOn, object plan, Guid? counselorId = null,
        string? counselingFrequency = null, string? enrolledOn = null)
    {
        var id = await clinic.EnrolledPatient(enrolledOn ?? startOn, counselorId: counselorId, counselingFrequency: counselingFrequency);
        await clinic.Verified(id, startOn);
        await clinic.Put($"/api/patients/{id}/medication-plan", plan);
        return id;
    }

    public static Task<IScenarioResult> Verified(this TestClinic clinic, Guid id, string on, string result = "negative",
        string method = "urine-drug-screen", string? lastUse = null, string? kind = null) =>
        clinic.Post($"/api/patients/{id}/opioid-free-verifications", new Dictionary<string, object?>
        {
            ["verifiedOn"] = on, ["method"] = method, ["result"] = result, ["lastOpioidUseOn"] = lastUse, ["lastOpioidKind"] = kind,
        }.Where(x => x.Value is not null).ToDictionary());

    public static object Oral(string startOn, string schedule = "daily", int? doseMg = null) => doseMg is null
        ? new { form = "oral", startOn, schedule }
        : new { form = "oral", startOn, schedule, doseMg };

    public static object Injectable(string startOn) => new { form = "injectable", startOn };

    public static object Implant(string startOn, int? coverageDays = null) => coverageDays is null
        ? new { form = "implant", startOn }
        : new { form = "implant", startOn, coverageDays };

    public static async Task<JsonElement> Dose(this TestClinic clinic, Guid id, string takenOn, int doseMg = 50, int expect = 200) =>
        (await clinic.Post($"/api/patients/{id}/doses", new { takenOn, doseMg, observed = true }, expect: expect)).Json();

    public static async Task DailyDoses(this TestClinic clinic, Guid id, string from, string to, int doseMg = 50, int everyDays = 1, params string[] missed)
    {
        for (var day = Day(from); day <= Day(to); day = day.AddDays(everyDays))
            if (!missed.Contains(day.D())) await clinic.Dose(id, day.D(), doseMg);
    }

    public static async Task<JsonElement> Injection(this TestClinic clinic, Guid id, string on, string site = "left-gluteal", int expect = 200) =>
        (await clinic.Post($"/api/patients/{id}/injections", new { administeredOn = on, doseMg = 380, site }, expect: expect)).Json();

    public static async Task<JsonElement> Adherence(this TestClinic clinic, Guid id, string from, string to, string? token = null) =>
        (await clinic.Get($"/api/patients/{id}/adherence?from={from}&to={to}", token)).Json();

    public static double? Pdc(this JsonElement adherence) =>
        adherence.GetProperty("pdc").ValueKind == JsonValueKind.Null ? null : adherence.GetProperty("pdc").GetDouble();

    public static IEnumerable<(string From, string To, int Days)> Gaps(this JsonElement adherence) =>
        adherence.GetProperty("gaps").EnumerateArray().Select(g => (g.Str("from"), g.Str("to"), g.GetProperty("days").GetInt32()));
}

/// <summary>FHIR Bulk Data export through HTTP: kick-off, polling to the manifest, and one file's lines.</summary>
public static class BulkExportScenarios
{
    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    /// <summary>Starts an export; the status route from Content-Location.</summary>
    public static async Task<string> KickOffExport(this TestClinic clinic, string query = "")
    {
        var result = await clinic.Send(HttpMethod.Get, "/api/fhir/$export" + query, expect: 202, configure: s => s.WithRequestHeader("Prefer", "respond-async"));
        return PathOf(result.Context.Response.Headers.ContentLocation.ToString());
    }

    /// <summary>Polls the status route (202 with X-Progress) until the manifest (200), for a minute at most.</summary>
    public static async Task<JsonElement> ExportManifest(this TestClinic clinic, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var result = await clinic.Get(status, expect: null);
            if (result.Context.Response.StatusCode == 200) return result.Json();
            Assert.Equal(202, result.Context.Response.StatusCode);
            Assert.Matches(@"^\d+% \(\d+ of \d+ patients\)$", result.Context.Response.Headers["X-Progress"].ToString());
            Assert.True(DateTime.UtcNow < deadline, "the export did not finish within a minute");
            await Task.Delay(100);
        }
    }

    /// <summary>One output file's NDJSON lines.</summary>
    public static async Task<string[]> ExportFile(this TestClinic clinic, string url)
    {
        var result = await clinic.Get(PathOf(url));
        Assert.StartsWith("application/fhir+ndjson", result.Context.Response.ContentType, StringComparison.Ordinal);
        return result.ReadAsText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
