using Marten;

namespace TreatmentPlatform.Platform;

/// <summary>
/// A page of an ordered query with the total of the whole query, the same on every page
/// (Marten's paged list takes its total from the rows it returns: a page past the end said 0).
/// </summary>
public static class Paging
{
    public static async Task<(IReadOnlyList<T> Items, long Total)> PageAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken ct) where T : notnull
    {
        var total = await ordered.CountAsync(ct);
        var skip = (long)(page - 1) * pageSize;
        var items = skip >= total ? [] : await ordered.Skip((int)skip).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }
}
