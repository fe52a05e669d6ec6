using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TreatmentPlatform.Platform.Auth;

public static class Tokens
{
    public static SymmetricSecurityKey SigningKey(AuthOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey));

    public static string Issue(AuthOptions options, Guid subject, string role, string clinic, TimeSpan expiresIn, DateTimeOffset now)
    {
        var claims = new[]
        {
            new Claim(ClaimNames.Subject, subject.ToString()),
            new Claim(ClaimNames.Role, role),
            new Claim(ClaimNames.Clinic, clinic),
        };
        // An already-expired token (for tests) must still have notBefore <= expires.
        var expires = now + expiresIn;
        var notBefore = expiresIn < TimeSpan.Zero ? expires - TimeSpan.FromMinutes(1) : now;
        var token = new JwtSecurityToken(
            options.Issuer, options.Audience, claims,
            notBefore: notBefore.UtcDateTime, expires: expires.UtcDateTime,
            signingCredentials: new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
