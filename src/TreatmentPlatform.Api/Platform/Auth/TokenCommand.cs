namespace TreatmentPlatform.Platform.Auth;

/// <summary>
/// <c>token --role admin --clinic north [--sub GUID] [--expires-in SECONDS]</c>: prints a token signed
/// with the configured key and nothing else on stdout. It runs before the host is built (the
/// JasperFx command runner writes its own banner to stdout, and a token needs no database).
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? environment = null)
    {
        var role = Roles.Admin;
        var clinic = "north";
        var subject = Guid.NewGuid();
        var expiresIn = 8 * 3600;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = args[i] switch
            {
                "--role" when value is not null && Roles.All.Contains(value) => Set(ref role, value),
                "--clinic" when !string.IsNullOrWhiteSpace(value) => Set(ref clinic, value),
                "--sub" when Guid.TryParse(value, out var sub) => Set(ref subject, sub),
                "--expires-in" when int.TryParse(value, out var seconds) => Set(ref expiresIn, seconds),
                _ => false,
            };
            if (!ok)
            {
                stderr.WriteLine($"Cannot use '{args[i]} {value}'. Usage: token --role admin|counselor|reporter --clinic ID [--sub GUID] [--expires-in SECONDS]");
                return 2;
            }
            i++;
        }

        environment ??= Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        // Production tokens come from the clinic's identity provider, never from a shell on a node.
        if (environment == "Production")
        {
            stderr.WriteLine("The token command does not run in Production (ASPNETCORE_ENVIRONMENT is Production or unset).");
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        stdout.WriteLine(Tokens.Issue(AuthOptions.From(configuration), subject, role, clinic,
            TimeSpan.FromSeconds(expiresIn), DateTimeOffset.UtcNow));
        return 0;
    }

    private static bool Set<T>(ref T target, T value)
    {
        target = value;
        return true;
    }
}
