using System.Globalization;

namespace TreatmentPlatform.Seeder;

public sealed record SeedOptions(string Out, int Clinics, int Patients, DateOnly Today, int Seed, bool Demo)
{
    public static SeedOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var demo = args.Contains("--demo");
        return new SeedOptions(
            Value("--out") ?? throw new ArgumentException("--out DIR is required"),
            demo ? 1 : int.Parse(Value("--clinics") ?? "10", CultureInfo.InvariantCulture),
            demo ? 60 : int.Parse(Value("--patients") ?? "100000", CultureInfo.InvariantCulture),
            Value("--today") is { } t ? DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.UtcNow),
            int.Parse(Value("--seed") ?? "7", CultureInfo.InvariantCulture),
            demo);
    }
}
