namespace TreatmentPlatform.Platform.Auth;

/// <summary>
/// Which signing keys Production refuses: any key shipped in the repository (the development key,
/// the placeholders in deploy/) and any key with less than 32 bytes of entropy. Generate one at
/// deploy time: <c>openssl rand -base64 48</c>.
/// </summary>
public static class SigningKeys
{
    public const int MinimumEntropyBits = 256;

    private static readonly string[] PlaceholderWords = ["change-me", "changeme", "change_me", "example", "placeholder", "replace", "secret"];

    public static string? Refusal(string key)
    {
        if (key == AuthOptions.DevelopmentSigningKey)
            return "the signing key is the development key from appsettings.json; set Auth__SigningKey from a secret (openssl rand -base64 48).";
        if (PlaceholderWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)))
            return "the signing key is a placeholder; set Auth__SigningKey from a secret (openssl rand -base64 48).";
        var bits = EntropyBits(key);
        return bits < MinimumEntropyBits
            ? $"the signing key carries about {bits:0} bits of entropy, below {MinimumEntropyBits} (32 random bytes); use openssl rand -base64 48."
            : null;
    }

    /// <summary>
    /// Random bytes written as base64 or hex count as the bytes they decode to; other text as its
    /// length times log2 of its alphabet (the distinct characters it uses). Repetitive keys (fewer
    /// than 16 distinct characters, or 10 for hex) count only by that alphabet.
    /// </summary>
    public static double EntropyBits(string key)
    {
        var distinct = key.Distinct().Count();
        var perCharacter = Math.Log2(Math.Max(2, distinct));
        // Hex has 16 digits at most: random hex uses nearly all of them.
        if (key.Length % 2 == 0 && key.All(Uri.IsHexDigit) && distinct >= 10) return key.Length * 4.0;
        if (distinct < 16) return key.Length * perCharacter;
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var bytes) ? bytes * 8.0 : key.Length * perCharacter;
    }
}
