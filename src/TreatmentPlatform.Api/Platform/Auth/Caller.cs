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

    /// <summary>Why a validated token still cannot call this API, or null when it can.</summary>
    public static string? Problem(ClaimsPrincipal user) =>
        string.IsNullOrWhiteSpace(user.FindFirstValue(ClaimNames.Clinic)) ? "The token names no clinic."
        : !Guid.TryParse(user.FindFirstValue(ClaimNames.Subject), out var id) || id == Guid.Empty ? "The token's subject is not a user id."
        : !Roles.All.Contains(user.FindFirstValue(ClaimNames.Role) ?? "") ? "The token's role is not one this API knows."
        : null;

    /// <summary>Minimum necessary: a counselor reaches only patients assigned to them.</summary>
    public bool MaySee(Guid? counselorOfPatient) => IsAdmin || (IsCounselor && counselorOfPatient == UserId);
}
