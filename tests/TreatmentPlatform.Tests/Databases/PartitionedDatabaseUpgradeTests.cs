using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// Clinic databases written by an earlier main had every document table list-partitioned by clinic
/// (Marten's sharded default). The documented upgrade, nodes stopped and then <c>db-apply</c>, turns
/// them into the plain tables this release uses, keeping every row, and the clinic goes on working.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class PartitionedDatabaseUpgradeTests(SeveralDatabasesFixture several)
{
    private const string Clinic = "clinic-several-upgrade";

    [Fact]
    public async Task Db_apply_turns_a_partitioned_clinic_database_into_plain_tables_with_every_row_kept()
    {
        var master = await SeparateDatabase.CreateAsync(several.Server, "upgrade_master");
        var old = await SeparateDatabase.CreateAsync(several.Server, "upgrade_old");
        var settings = new Dictionary<string, string> { ["Databases__Master"] = master, ["Databases__Pool__old"] = old };
        await RunAsync(settings, "db-apply");
        await RunAsync(settings, "clinic-databases", "--assign", Clinic, "--to", "old");

        Guid patient;
        await using (var node = await RunningApi.StartAsync(master, runProjections: true, settings: settings))
        {
            using var http = several.Client(Clinic, node);
            patient = await SeveralDatabasesFixture.OnOralPlanAsync(http, new DateOnly(2026, 11, 1));
            await SeveralDatabasesFixture.PostAsync(http, $"/api/patients/{patient}/doses", new { takenOn = "2026-11-01", doseMg = 50 });
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/worklist?minVersion=4&patientId={patient}", UriKind.Relative))).StatusCode);
        }

        var rows = await RowCountsAsync(old);
        await MakePartitionedAsync(old);
        Assert.NotEqual(0, await PartitionedTablesAsync(old));

        await RunAsync(settings, "db-apply");

        Assert.Equal(0, await PartitionedTablesAsync(old));
        Assert.Equal(rows, await RowCountsAsync(old));
        await using (var node = await RunningApi.StartAsync(master, runProjections: true, settings: settings))
        {
            using var http = several.Client(Clinic, node);
            var read = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}", UriKind.Relative));
            Assert.Equal(("active", 4L, "2026-11-01"),
                (read.GetProperty("status").GetString(), read.GetProperty("version").GetInt64(), read.GetProperty("coverageEndsOn").GetString()));
            var dose = await SeveralDatabasesFixture.PostAsync(http, $"/api/patients/{patient}/doses", new { takenOn = "2026-11-02", doseMg = 50, expectedVersion = 4 });
            Assert.Equal((5L, "2026-11-02"), (dose.GetProperty("version").GetInt64(), dose.GetProperty("coverageEndsOn").GetString()));
            var worklist = await http.GetAsync(new Uri($"/api/worklist?minVersion=5&patientId={patient}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
        }
    }

    private static async Task RunAsync(IReadOnlyDictionary<string, string> settings, string command, params string[] arguments)
    {
        var (code, output) = await SeveralDatabasesFixture.RunAsync(SeveralDatabasesFixture.CommandOn(settings, command, arguments));
        Assert.True(code == 0, $"{command} failed: {output}");
    }

    /// <summary>
    /// The earlier layout: each document table list-partitioned by tenant_id, one partition per clinic
    /// named <c>{table}_{clinic}</c> as Marten named them, the rows in them.
    /// </summary>
    private static Task MakePartitionedAsync(string database) => ExecuteAsync(database,
        """
        do $$
        declare t text; c text;
        begin
          for t in select k.relname from pg_class k join pg_namespace n on n.oid = k.relnamespace
                   where n.nspname = 'tp' and k.relkind = 'r' and k.relname like 'mt_doc_%'
                     and exists (select 1 from pg_attribute a where a.attrelid = k.oid and a.attname = 'tenant_id') loop
            execute format('alter table tp.%I rename to %I', t, t || '_plain');
            execute format('create table tp.%I (like tp.%I including defaults) partition by list (tenant_id)', t, t || '_plain');
            execute format('alter table tp.%I add primary key (tenant_id, id)', t);
            for c in execute format('select distinct tenant_id from tp.%I', t || '_plain') loop
              execute format('create table tp.%I partition of tp.%I for values in (%L)', t || '_' || regexp_replace(lower(c), '[^a-z0-9]', '_', 'g'), t, c);
            end loop;
            execute format('insert into tp.%I select * from tp.%I', t, t || '_plain');
            execute format('drop table tp.%I', t || '_plain');
          end loop;
        end $$;
        """);

    private static Task<long> PartitionedTablesAsync(string database) => Sql.ScalarAsync(database,
        "select count(*) from pg_partitioned_table p join pg_class k on k.oid = p.partrelid join pg_namespace n on n.oid = k.relnamespace where n.nspname = 'tp'");

    /// <summary>Every document table's row count, and the events', by table name.</summary>
    private static async Task<SortedDictionary<string, long>> RowCountsAsync(string database)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var tables = new List<string>();
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using (var find = new NpgsqlCommand(
            "select k.relname from pg_class k join pg_namespace n on n.oid = k.relnamespace " +
            "where n.nspname = 'tp' and k.relkind in ('r', 'p') and not k.relispartition and (k.relname like 'mt_doc_%' or k.relname in ('mt_events', 'mt_streams'))", db))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables) counts[table] = await Sql.ScalarAsync(database, $"select count(*) from tp.{table}");
        return counts;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
