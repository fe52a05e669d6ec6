using System.IO.Compression;
using Hl7.Fhir.Model;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace TreatmentPlatform.Interop.BulkExport;

/// <summary>
/// The NDJSON of exports, kept in PostgreSQL (the one store; any node serves a download): one row
/// per chunk and resource type, gzip-compressed, written in the chunk's transaction.
/// </summary>
public static class ExportFiles
{
    private const string TableName = "bulk_export_parts";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<Guid>("export_id").AsPrimaryKey();
        table.AddColumn<string>("resource_type").AsPrimaryKey();
        table.AddColumn<int>("chunk").AsPrimaryKey();
        table.AddColumn<string>("tenant_id").NotNull();
        table.AddColumn<int>("resources").NotNull();
        table.AddColumn("body", "bytea").NotNull();
        return table;
    }

    /// <summary>One chunk's resources of one type, as compressed NDJSON.</summary>
    public sealed class Part(string type) : IDisposable
    {
        private readonly MemoryStream _buffer = new();
        private GZipStream? _gzip;

        public string Type { get; } = type;
        public int Count { get; private set; }

        public void Add(Resource resource)
        {
            _gzip ??= new GZipStream(_buffer, CompressionLevel.Fastest, leaveOpen: true);
            System.Text.Json.JsonSerializer.Serialize(_gzip, resource, FhirExport.Json);
            _gzip.WriteByte((byte)'\n');
            Count++;
        }

        public byte[] Compressed()
        {
            _gzip?.Dispose();
            return _buffer.ToArray();
        }

        public void Dispose()
        {
            _gzip?.Dispose();
            _buffer.Dispose();
        }
    }

    public static void Queue(IDocumentSession session, Guid exportId, int chunk, Part part) =>
        session.QueueSqlCommand(
            $"insert into {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} (export_id, resource_type, chunk, tenant_id, resources, body) values (?, ?, ?, ?, ?, ?)",
            exportId, part.Type, chunk, session.TenantId, part.Count, part.Compressed());

    public static void Delete(IDocumentSession session, Guid exportId) =>
        session.QueueSqlCommand($"delete from {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} where export_id = ?", exportId);

    /// <summary>Streams one type's NDJSON, chunk by chunk, decompressed: memory stays at one buffer whatever the export's size.</summary>
    public static async System.Threading.Tasks.Task CopyAsync(IQuerySession session, Guid exportId, string type, Stream destination, CancellationToken ct)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select body from {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} where export_id = $1 and resource_type = $2 and tenant_id = $3 order by chunk",
            connection);
        command.Parameters.AddWithValue(exportId);
        command.Parameters.AddWithValue(type);
        command.Parameters.AddWithValue(session.TenantId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            await using var body = await reader.GetStreamAsync(0, ct);
            await using var ndjson = new GZipStream(body, CompressionMode.Decompress);
            await ndjson.CopyToAsync(destination, ct);
        }
    }
}
