using System.IdentityModel.Tokens.Jwt;
using TreatmentPlatform.Platform.Auth;

namespace TreatmentPlatform.Tests.Foundation;

public sealed class TokenCommandTests
{
    [Fact]
    public void Prints_only_a_token_with_the_requested_claims()
    {
        var sub = Guid.NewGuid();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = TokenCommand.Run(["token", "--role", "counselor", "--clinic", "south", "--sub", sub.ToString()], stdout, stderr, "Development");

        Assert.Equal(0, code);
        var printed = stdout.ToString().Trim();
        Assert.DoesNotContain('\n', printed);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(printed);
        Assert.Equal("counselor", jwt.Claims.Single(c => c.Type == "role").Value);
        Assert.Equal("south", jwt.Claims.Single(c => c.Type == "clinic").Value);
        Assert.Equal(sub.ToString(), jwt.Subject);
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddHours(7), DateTime.UtcNow.AddHours(9));
    }

    [Fact]
    public void A_negative_lifetime_makes_an_expired_token()
    {
        using var stdout = new StringWriter();
        Assert.Equal(0, TokenCommand.Run(["token", "--role", "admin", "--clinic", "north", "--expires-in", "-120"], stdout, TextWriter.Null, "Development"));
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(stdout.ToString().Trim());
        Assert.True(jwt.ValidTo < DateTime.UtcNow);
    }

    [Theory]
    [InlineData("--role", "nurse")]
    [InlineData("--sub", "not-a-guid")]
    [InlineData("--expires-in", "soon")]
    [InlineData("--colour", "blue")]
    public void Bad_arguments_print_usage_and_fail(string flag, string value)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.NotEqual(0, TokenCommand.Run(["token", flag, value], stdout, stderr, "Development"));
        Assert.Equal("", stdout.ToString());
        Assert.Contains("Usage", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_gets_no_token_from_the_command()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.NotEqual(0, TokenCommand.Run(["token", "--role", "admin", "--clinic", "north"], stdout, stderr, "Production"));
        Assert.Equal("", stdout.ToString());
        Assert.Contains("Production", stderr.ToString(), StringComparison.Ordinal);
    }
}
