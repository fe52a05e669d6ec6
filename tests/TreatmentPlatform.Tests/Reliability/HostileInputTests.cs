using System.Text.Json.Nodes;
using CsCheck;
using Marten;
using TreatmentPlatform.Tests.Privacy;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reliability;

/// <summary>
/// Generated hostile bodies on every write route: wrong types, huge numbers, nulls, unicode, deep
/// nesting, extreme dates. None may answer 500, and none may leave a partial write.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(AppFixture app)
{
    /// <summary>Cases per route; TP_FUZZ_CASES raises it for a longer run.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("TP_FUZZ_CASES"), out var n) ? n : 150;

    private static readonly string[] Strings =
    [
        "", " ", "oral", "oud", "negative", "attended", "2026-03-02", "9999-12-31", "0001-01-01", "2026-02-30", "-1",
        "\u0000", "😀🧪", "Ω≈ç√", "' OR 1=1 --", "<script>alert(1)</script>", new string('x', 300), "null", "NaN",
        "00000000-0000-0000-0000-000000000000", "2026-03-02T10:00:00Z",
    ];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 1e308)),
        Gen.Int[0, Strings.Length - 1].Select(i => (JsonNode?)JsonValue.Create(Strings[i])),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Value(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (6, Scalar),
        (1, Value(depth - 1).Array[0, 3].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
        (1, Value(depth - 1).Array[0, 3].Select(items => (JsonNode?)new JsonObject(items.Select((v, i) => KeyValuePair.Create($"k{i}", v?.DeepClone()))))));

    /// <summary>A body that starts from the route's valid example and breaks some of its fields.</summary>
    private static Gen<string> Body(object? example)
    {
        var valid = example is null ? new JsonObject() : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(example, TestClinic.Json)!;
        var fields = valid.Select(p => p.Key).Append("extra").ToArray();
        return Gen.Frequency(
            (8, Gen.Select(Gen.Int[0, fields.Length - 1].Array[1, 3], Value(2).Array[3]).Select((names, values) =>
            {
                var body = (JsonObject)valid.DeepClone();
                for (var i = 0; i < names.Length; i++) body[fields[names[i]]] = values[i]?.DeepClone();
                return body.ToJsonString();
            })),
            (1, Gen.Int[1, 60].Select(depth => new string('[', depth * 20) + new string(']', depth * 20))),
            (1, Gen.Int[0, Strings.Length - 1].Select(i => Strings[i])),
            (1, Gen.String.Select(s => s)));
    }

    [Fact]
    public async Task No_generated_body_gets_a_500_or_a_partial_write()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var failures = new List<string>();
        var tried = 0;
        foreach (var rule in RouteRules.All.Where(r => r.Method != "GET" && r.Route != "/api/admin/read-models/rebuild"))
        {
            var url = System.Text.RegularExpressions.Regex.Replace(rule.Route.Replace("{id}", id.ToString(), StringComparison.Ordinal), @"\{kind\}", "adherence");
            url = System.Text.RegularExpressions.Regex.Replace(url, @"\{\w+\}", _ => Guid.NewGuid().ToString());
            foreach (var body in Body(rule.Body).Array[Cases].Single())
            {
                var before = await Versions(clinic.Id, id);
                var result = await clinic.Send(new HttpMethod(rule.Method), url, body, expect: null);
                tried++;
                var status = result.Context.Response.StatusCode;
                if (status >= 500) failures.Add($"{rule.Key} {status}: {body[..Math.Min(body.Length, 200)]}");
                // a refused request (4xx) must not have appended anything
                if (status >= 400 && await Versions(clinic.Id, id) != before) failures.Add($"{rule.Key} {status} wrote: {body[..Math.Min(body.Length, 200)]}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} cases failed:\n" + string.Join('\n', failures.Take(20)));
        Assert.True(tried >= Cases * 20);
    }

    private async Task<(long Events, int Patients)> Versions(string clinic, Guid id)
    {
        await using var session = app.Host.DocumentStore().QuerySession(clinic);
        var state = await session.Events.FetchStreamStateAsync(id);
        var patients = await session.Query<TreatmentPlatform.Patients.PatientState>().CountAsync();
        return (state?.Version ?? 0, patients);
    }
}
