using System.Security.Claims;

namespace TreatmentPlatform.Platform.Auth;

/// <summary>Who is calling, read from the validated token.</summary>
public sealed record Caller(Guid UserId, string Role, string Clinic)
{
    public bool IsAdmin => Role == Roles.Admin;
    public bool IsCounselor => Role == Roles.Counselor;

    public static Caller From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimNames.Subject), out var id) ? id : Guid.Empty,
        user.FindFirstValue(ClaimNames.Role) ?? "",
        user.FindFirstValue(ClaimNames.Clinic) ?? "");

    /// <summary>Minimum necessary: a counselor reaches only patients assigned to them.</summary>
    public bool MaySee(Guid? counselorOfPatient) => IsAdmin || (IsCounselor && counselorOfPatient == UserId);
}
