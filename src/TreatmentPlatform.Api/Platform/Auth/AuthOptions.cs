namespace TreatmentPlatform.Platform.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key shipped in appsettings.json; production refuses to start with it.</summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-change-me-0123456789abcdef";

    public string Issuer { get; set; } = "treatment-platform";
    public string Audience { get; set; } = "treatment-platform";
    public string SigningKey { get; set; } = "";

    public static AuthOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
}
