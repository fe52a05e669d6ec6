using System.Globalization;

// Writes synthetic clinics for `import-history`: one <clinic>.ndjson per clinic, plus the ids
// the benchmark loads (open oral patients, counselors). Names come from Bogus; nothing is real.
//   seeder --out DIR [--clinics 10] [--patients 100000] [--today 2026-11-25] [--seed 7] [--demo]
namespace TreatmentPlatform.Seeder;

// A named class, not top-level statements: the tests reference this project beside the API, and two Programs would collide.
public static class SeederProgram
{
    public static async Task Main(string[] args)
    {
        var options = SeedOptions.Parse(args);
        Directory.CreateDirectory(options.Out);
        var perClinic = options.Patients / options.Clinics;
        long events = 0;
        for (var c = 1; c <= options.Clinics; c++)
        {
            var clinic = options.Demo ? "demo" : $"clinic-{c:00}";
            var generator = new HistoryGenerator(options.Seed * 1_000 + c, options.Today, Math.Max(1, perClinic / 50));
            await using var histories = new StreamWriter(Path.Combine(options.Out, $"{clinic}.ndjson"));
            await using var oral = new StreamWriter(Path.Combine(options.Out, $"{clinic}.oral-patients"));
            for (var i = 0; i < perClinic; i++)
            {
                var history = generator.Next();
                events += history.EventCount;
                await histories.WriteLineAsync(history.Json);
                if (history.OpenOralSince is { } since && since <= options.Today.AddDays(-30)) await oral.WriteLineAsync(history.PatientId.ToString());
            }
            await File.WriteAllLinesAsync(Path.Combine(options.Out, $"{clinic}.counselors"), generator.Counselors.Select(x => x.ToString()));
            Console.Error.WriteLine($"{clinic}: {perClinic:N0} patients");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded clinics={options.Clinics} patients={perClinic * options.Clinics} events={events}"));
    }
}
