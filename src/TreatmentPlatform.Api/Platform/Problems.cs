using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Platform;

/// <summary>Problem responses (RFC 9457) with titles a person can act on.</summary>
public static class Problems
{
    public static IResult NotFound(string what) => Results.Problem(
        title: "not-found", detail: $"No {what} with that id exists in this clinic.", statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Invalid(IDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors, title: "invalid-request", detail: "Some fields are missing or invalid; see errors.");

    public static ProblemDetails ToProblem(this IDictionary<string, string[]> errors) => new ValidationProblemDetails(errors)
    {
        Title = "invalid-request",
        Detail = "Some fields are missing or invalid; see errors.",
        Status = StatusCodes.Status400BadRequest,
    };
}

/// <summary>Collects input errors keyed by the camelCase field name.</summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public InputErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public InputErrors Required<T>(T? value, string field) where T : struct =>
        value is null ? Add(field, $"{field} is required.") : this;

    public InputErrors Required(string? value, string field, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, $"{field} is required.") : Optional(value, field, maxLength);

    public InputErrors Optional(string? value, string field, int maxLength = 200)
    {
        if (value is null) return this;
        if (value.Length > maxLength) return Add(field, $"{field} must be at most {maxLength} characters.");
        // PostgreSQL cannot store NUL in text or jsonb; other control characters are never meant.
        return value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            ? Add(field, $"{field} cannot contain control characters.")
            : this;
    }

    public InputErrors When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(x => x.Key, x => x.Value.ToArray());

    /// <summary>For Wolverine's Validate convention: no problems lets the endpoint run.</summary>
    public ProblemDetails ToProblem() => Any ? ToDictionary().ToProblem() : Wolverine.Http.WolverineContinue.NoProblems;

    public IResult? ToResult() => Any ? Problems.Invalid(ToDictionary()) : null;
}
