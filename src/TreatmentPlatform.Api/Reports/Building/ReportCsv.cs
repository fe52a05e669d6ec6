using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace TreatmentPlatform.Reports.Building;

/// <summary>A report as CSV: the rows with a header, a blank line, then the totals with theirs.</summary>
public static class ReportCsv
{
    public static string Write(ClinicReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            csv.Context.TypeConverterCache.AddConverter<IReadOnlyList<string>>(new JoinedList());
            csv.Context.TypeConverterCache.AddConverter<DateOnly>(new IsoDate());
            csv.Context.TypeConverterCache.AddConverter<DateOnly?>(new IsoDate());
            Table(csv, report.RowType, report.Rows);
            csv.NextRecord();
            Table(csv, report.TotalType, report.Totals);
        }
        return text.ToString();
    }

    private static void Table(CsvWriter csv, Type type, IReadOnlyList<object> records)
    {
        csv.WriteHeader(type);
        csv.NextRecord();
        foreach (var record in records)
        {
            csv.WriteRecord(record);
            csv.NextRecord();
        }
    }

    private sealed class JoinedList : DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is IEnumerable<string> items ? string.Join(';', items) : "";
    }

    private sealed class IsoDate : DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
    }
}
