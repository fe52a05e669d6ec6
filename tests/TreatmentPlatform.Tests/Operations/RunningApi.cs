using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TreatmentPlatform.Tests.Operations;

/// <summary>The API as its own process on a loopback port, for a real browser.</summary>
public sealed class RunningApi : IAsyncDisposable
{
    private readonly Process _process;

    public Uri BaseAddress { get; }

    private RunningApi(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <param name="runProjections">Whether this process runs the projection daemon; the test host runs it on the shared test database.</param>
    /// <param name="port">A port to take again (a restart on the same address); a free one otherwise.</param>
    /// <param name="settings">Further configuration, as environment variables (e.g. <c>Export__PatientsPerChunk</c>).</param>
    public static async Task<RunningApi> StartAsync(string connectionString, bool runProjections = false, int? port = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "TreatmentPlatform.Api.dll"), "--contentRoot", ProjectDirectory() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ReadModels__RunProjections"] = runProjections ? "true" : "false";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new RunningApi(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/live", UriKind.Relative))).IsSuccessStatusCode) return api;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                await api.DisposeAsync();
                throw new InvalidOperationException("The API process did not become live within 60 s.");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>kill -9: no shutdown hooks, no flushing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TreatmentPlatform.sln")))
                return Path.Combine(dir.FullName, "src", "TreatmentPlatform.Api");
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
