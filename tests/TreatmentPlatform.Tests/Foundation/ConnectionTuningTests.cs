using Npgsql;
using TreatmentPlatform.Platform;

namespace TreatmentPlatform.Tests.Foundation;

public sealed class ConnectionTuningTests
{
    [Fact]
    public void Defaults_prepare_statements_and_size_the_pool_to_the_cores()
    {
        var tuned = new NpgsqlConnectionStringBuilder(Persistence.Tuned("Host=db;Database=tp"));
        Assert.Equal((200, 2, Math.Max(8, Environment.ProcessorCount * 4), true),
            (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages, tuned.MaxPoolSize, tuned.NoResetOnClose));
        Assert.Equal(("db", "tp"), (tuned.Host, tuned.Database));
    }

    [Fact]
    public void An_operators_explicit_settings_win()
    {
        var tuned = new NpgsqlConnectionStringBuilder(Persistence.Tuned("Host=db;Max Auto Prepare=0;Maximum Pool Size=60;No Reset On Close=false"));
        Assert.Equal((0, 60, false), (tuned.MaxAutoPrepare, tuned.MaxPoolSize, tuned.NoResetOnClose));
    }
}
