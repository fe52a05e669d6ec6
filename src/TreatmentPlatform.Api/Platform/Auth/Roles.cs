namespace TreatmentPlatform.Platform.Auth;

/// <summary>The three roles of the HTTP contract (docs/http-api.md), as they appear in the <c>role</c> claim.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Counselor = "counselor";
    public const string Reporter = "reporter";

    public const string AdminOrCounselor = Admin + "," + Counselor;
    public const string AdminOrReporter = Admin + "," + Reporter;

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Admin, Counselor, Reporter };
}

public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Clinic = "clinic";
}
