using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Microsoft.Extensions.Configuration;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// Two clinics on two databases of two PostgreSQL servers, behind one API process: the master and
/// database "one" on the test server (TP_TEST_DATABASE), database "two" on the second local cluster
/// that <c>TP_PG_CLUSTER=2 scripts/db.sh</c> starts (and this fixture stops again when it started it;
/// a test may stop and restart it to take database "two" away). Clinics are placed with the
/// <c>clinic-databases</c> command, as an operator would.
/// </summary>
public sealed class SeveralDatabasesFixture : IAsyncLifetime
{
    public const string ClinicOne = "clinic-several-one";
    public const string ClinicTwo = "clinic-several-two";
    
    private IAsyncDisposable? _container;
    private bool _startedSecondCluster;

    public RunningApi Api { get; private set; } = null!;
    public string Master { get; private set; } = "";
    /// <summary>The test server (TP_TEST_DATABASE), which holds the master and database "one".</summary>
    public string Server { get; private set; } = "";
    public IReadOnlyDictionary<string, string> Pool { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        (var first, _container) = await TestDatabase.ResolveAsync();
        Server = first;
        var second = await StartSecondClusterAsync();

        Master = await SeparateDatabase.CreateAsync(first, "several_master");
        var shared = new Npgsql.NpgsqlConnectionStringBuilder(first).Database;
        Pool = new Dictionary<string, string>
        {
            ["one"] = await SeparateDatabase.CreateAsync(first, "several_one"),
            ["two"] = await SeparateDatabase.CreateAsync(second, "several_two", shared),
        };
        await ClinicDatabasesAsync("--assign", ClinicOne, "--to", "one");
        await ClinicDatabasesAsync("--assign", ClinicTwo, "--to", "two");
        Api = await RunningApi.StartAsync(Master, runProjections: true, settings: Settings());
    }

    public async Task DisposeAsync()
    {
        if (Api is not null) await Api.DisposeAsync();
        if (_startedSecondCluster) await DbScriptAsync("stop");
        if (_container is not null) await _container.DisposeAsync();
    }

    /// <summary>The admin every client of this fixture acts as (an export is only its requester's).</summary>
    public Guid AdminId { get; } = Guid.NewGuid();

    /// <summary>An admin of the clinic, on this fixture's API node or on another.</summary>
    public HttpClient Client(string clinic, RunningApi? node = null)
    {
        var http = new HttpClient { BaseAddress = (node ?? Api).BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(clinic));
        return http;
    }

    /// <summary>POST /api/patients with a made-up patient.</summary>
    public static Task<HttpResponseMessage> EnrolAsync(HttpClient http) =>
        http.PostAsJsonAsync(new Uri("/api/patients", UriKind.Relative), EnrolBody("2026-11-01"));

    /// <summary>Enrols a made-up patient and returns its id (201 asserted).</summary>
    public static async Task<Guid> EnrolledAsync(HttpClient http) =>
        (await PostAsync(http, "/api/patients", EnrolBody("2026-11-01"), System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>
    /// A patient enrolled on <paramref name="start"/> (in <paramref name="counselor"/>'s weekly caseload
    /// when given), verified opioid-free that day and on daily oral doses from it.
    /// </summary>
    public static async Task<Guid> OnOralPlanAsync(HttpClient http, DateOnly start, Guid? counselor = null)
    {
        var on = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = EnrolBody(on);
        if (counselor is { } id) { body["counselorId"] = id; body["counselingFrequency"] = "weekly"; }
        var patient = (await PostAsync(http, "/api/patients", body, System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await PostAsync(http, $"/api/patients/{patient}/opioid-free-verifications", new { verifiedOn = on, method = "urine-drug-screen", result = "negative" });
        var plan = await http.PutAsJsonAsync(new Uri($"/api/patients/{patient}/medication-plan", UriKind.Relative), new { form = "oral", startOn = on, schedule = "daily" });
        Xunit.Assert.True(plan.IsSuccessStatusCode, await plan.Content.ReadAsStringAsync());
        return patient;
    }

    /// <summary>POSTs and asserts the status (200 unless told), with the problem in the message otherwise.</summary>
    public static async Task<System.Text.Json.JsonElement> PostAsync(HttpClient http, string route, object body,
        System.Net.HttpStatusCode expect = System.Net.HttpStatusCode.OK)
    {
        var answer = await http.PostAsJsonAsync(new Uri(route, UriKind.Relative), body);
        Xunit.Assert.True(answer.StatusCode == expect, $"POST {route}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    private static Dictionary<string, object> EnrolBody(string enrolledOn) => new()
    {
        ["firstName"] = "Ann", ["lastName"] = "Example", ["dateOfBirth"] = "1980-02-03", ["program"] = "oud", ["enrolledOn"] = enrolledOn,
    };

    /// <summary>A further API node on the same databases (several nodes share the agents and jobs).</summary>
    public Task<RunningApi> StartNodeAsync(IReadOnlyDictionary<string, string> extra) =>
        RunningApi.StartAsync(Master, runProjections: true, settings: Settings().Concat(extra).ToDictionary());

    private string Token(string clinic)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RunningApi.ProjectDirectory(), "appsettings.json"))
            .AddJsonFile(Path.Combine(RunningApi.ProjectDirectory(), "appsettings.Development.json"), optional: true)
            .Build();
        return Tokens.Issue(AuthOptions.From(configuration), AdminId, Roles.Admin, clinic, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
    }

    private Dictionary<string, string> Settings()
    {
        // Nodes re-read the placement often, so a move's wait for them (three periods) is short here.
        var settings = new Dictionary<string, string> { ["Databases__Master"] = Master, ["Databases__PlacementRefreshSeconds"] = "0.5" };
        foreach (var (id, connection) in Pool) settings["Databases__Pool__" + id] = connection;
        return settings;
    }

    public async Task ClinicDatabasesAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync(Command("clinic-databases", arguments));
        if (code != 0) throw new InvalidOperationException($"clinic-databases {string.Join(' ', arguments)} failed: {output}");
    }

    /// <summary>The API's command line (<c>dotnet TreatmentPlatform.Api.dll command …</c>) on these databases, as an operator runs it.</summary>
    public ProcessStartInfo Command(string command, params string[] arguments) => CommandOn(Settings(), command, arguments);

    /// <summary>The API's command line with other databases' settings (<c>Databases__…</c>).</summary>
    public static ProcessStartInfo CommandOn(IReadOnlyDictionary<string, string> settings, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "TreatmentPlatform.Api.dll"), command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in settings) start.Environment[name] = value;
        return start;
    }

    /// <summary>Takes database "two" away (its whole server), or brings it back.</summary>
    public static async Task SecondServerAsync(bool up)
    {
        var (code, output) = await DbScriptAsync(up ? "start" : "stop");
        if (code != 0) throw new InvalidOperationException($"TP_PG_CLUSTER=2 scripts/db.sh {(up ? "start" : "stop")} failed: {output}");
    }

    /// <summary>The second local cluster; started here only when it is not running yet.</summary>
    private async Task<string> StartSecondClusterAsync()
    {
        var (running, _) = await DbScriptAsync("status");
        var (code, output) = await DbScriptAsync("start");
        if (code != 0) throw new InvalidOperationException("TP_PG_CLUSTER=2 scripts/db.sh start failed: " + output);
        _startedSecondCluster = running != 0;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith("Host=", StringComparison.Ordinal));
    }

    private static Task<(int Code, string Output)> DbScriptAsync(string command)
    {
        var script = Path.Combine(RunningApi.ProjectDirectory(), "..", "..", "scripts", "db.sh");
        var start = new ProcessStartInfo("bash") { ArgumentList = { script, command }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TP_PG_CLUSTER"] = "2";
        return RunAsync(start);
    }

    /// <summary>Every clinic id found in the database: any table with a tenant_id column (events, streams, documents, messages), and Marten's placement record.</summary>
    public static async Task<List<string>> TenantsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var find = new NpgsqlCommand(
            "select c.table_name from information_schema.columns c join pg_class t on t.relname = c.table_name and not t.relispartition " +
            "where c.table_schema = 'tp' and c.column_name = 'tenant_id'", db))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var union = string.Join(" union ", tables.Select(t => $"select tenant_id::text from tp.{t}")
            .Append("select partition_value from tp.mt_tenant_partitions"));   // Marten's record of a clinic placed here
        var tenants = new List<string>();
        await using (var all = new NpgsqlCommand($"select distinct tenant_id from ({union}) t where tenant_id is not null order by 1", db))
        await using (var reader = await all.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tenants.Add(reader.GetString(0));
        return tenants;
    }

    public static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
