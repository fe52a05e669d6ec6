using System.Globalization;

namespace TreatmentPlatform.Platform;

/// <summary>Reads optional query-string values, collecting 400 errors by name.</summary>
public sealed class QueryArgs(IQueryCollection query)
{
    public InputErrors Errors { get; } = new();

    public DateOnly? Date(string name)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0) return null;
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Errors.Add(name, $"{name} must be a date as yyyy-MM-dd.");
        return null;
    }

    public long? WholeNumber(string name)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0) return null;
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
        Errors.Add(name, $"{name} must be a whole number.");
        return null;
    }

    /// <summary><c>page</c> from 1 (default 1) and <c>pageSize</c> (default 50, at most <paramref name="maxPageSize"/>).</summary>
    public (int Page, int PageSize) Paging(int maxPageSize = 200)
    {
        var page = (int)Math.Min(WholeNumber("page") ?? 1, int.MaxValue);
        var pageSize = (int)Math.Min(WholeNumber("pageSize") ?? 50, int.MaxValue);
        Errors.When(page < 1, "page", "page starts at 1.")
            .When(pageSize < 1 || pageSize > maxPageSize, "pageSize", $"pageSize must be 1–{maxPageSize}.")
            .When((long)page * pageSize > int.MaxValue, "page", $"page × pageSize must stay within {int.MaxValue}.");
        return (page, pageSize);
    }

    public Guid? Id(string name)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0) return null;
        if (System.Guid.TryParse(raw, out var value)) return value;
        Errors.Add(name, $"{name} must be a GUID.");
        return null;
    }
}
