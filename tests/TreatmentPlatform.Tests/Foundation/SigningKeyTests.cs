using System.Text.RegularExpressions;
using TreatmentPlatform.Platform.Auth;

namespace TreatmentPlatform.Tests.Foundation;

/// <summary>Production refuses every signing key that is in the repository, and weak ones.</summary>
public sealed partial class SigningKeyTests
{
    [Fact]
    public void The_development_key_is_refused() => Assert.NotNull(SigningKeys.Refusal(AuthOptions.DevelopmentSigningKey));

    [Fact]
    public void Every_key_written_in_deploy_is_refused()
    {
        var deploy = Path.GetFullPath(Path.Combine(Operations.RunningApi.ProjectDirectory(), "..", "..", "deploy"));
        var keys = Directory.EnumerateFiles(deploy, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal))
            .SelectMany(f => KeyValue().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.StartsWith('$'))                                   // taken from the environment at deploy time
            .ToList();
        Assert.NotEmpty(keys);                                                // the examples do name a key…
        Assert.All(keys, k => Assert.NotNull(SigningKeys.Refusal(k)));        // …and none of them is usable
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]                          // 32 characters, about 160 bits
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef")]                          // 16 bytes in hex
    public void A_key_under_32_bytes_of_entropy_is_refused(string key) => Assert.NotNull(SigningKeys.Refusal(key));

    [Fact]
    public void Thirty_two_random_bytes_are_accepted_as_base64_or_hex()
    {
        // Many draws: the estimate must never refuse a genuinely random key.
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            Assert.Null(SigningKeys.Refusal(Convert.ToBase64String(bytes)));
            Assert.Null(SigningKeys.Refusal(Convert.ToHexString(bytes)));
            Assert.Null(SigningKeys.Refusal(Convert.ToHexString(bytes).ToLowerInvariant()));
        }
    }

    [GeneratedRegex("""(?:SigningKey|SIGNING_KEY)["']?\s*[:=]\s*["']?(?<key>[^"'\s}]+)""")]
    private static partial Regex KeyValue();
}
