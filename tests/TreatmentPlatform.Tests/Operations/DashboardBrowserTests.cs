using System.Diagnostics;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Operations;

/// <summary>
/// The counselor workspace in a real headless Chromium against the API as its own process: that
/// process projects nothing, so every live update it shows was projected by the test host and
/// reached it through PostgreSQL, as between two nodes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardBrowserTests(AppFixture app)
{
    private static string Chromium => Environment.GetEnvironmentVariable("TP_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task A_counselor_works_a_caseload_of_40_by_name_records_each_kind_of_entry_and_sees_other_users_writes_live()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var gwen = await Named(clinic, counselor, "Gwen", "Gap");
        await OnOralDoses(clinic, gwen, "2026-03-20");                                      // gap of 10 days on 03-30: high
        var adverse = (await clinic.Post($"/api/patients/{gwen}/adverse-events", new { onsetOn = "2026-03-25", kind = "nausea", severity = "severe" }))
            .Json().GetProperty("eventId").GetGuid();
        var rita = await Named(clinic, counselor, "Rita", "Recent");
        await OnOralDoses(clinic, rita, "2026-03-27");                                      // gap of 3 days: medium
        var sam = await Named(clinic, counselor, "Sam", "Steady");
        await OnOralDoses(clinic, sam, "2026-03-30");
        var erased = await Named(clinic, counselor, "Eve", "Erased");
        await clinic.Post($"/api/patients/{erased}/demographics/erasure", new { basis = "patient's written request" });
        for (var i = 1; i <= 36; i++) await Named(clinic, counselor, "Fill", $"Waiting{i:00}");
        var olga = await Named(clinic, Guid.NewGuid(), "Olga", "Otherscase");
        await clinic.Get($"/api/worklist?minVersion=1&patientId={olga}");
        await clinic.Get("/api/worklist?minVersion=1");

        await using var api = await RunningApi.StartAsync(app.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());

        // Sign in with the keyboard only.
        await page.FocusAsync("#token");
        await page.Keyboard.InsertTextAsync(clinic.Token(Roles.Counselor, counselor));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        // Settled: the load at sign-in and the one the stream's "ready" asks for.
        await page.WaitForSelectorAsync("#live.live");
        await page.WaitForSelectorAsync("body[data-caseload-loads='2']");

        // The caseload of 40 on 03-30, most urgent first; timed from the date change to the rendered rows.
        var clock = Stopwatch.StartNew();
        await page.FillAsync("#as-of", "2026-03-30");
        await page.DispatchEventAsync("#as-of", "change");
        await page.WaitForSelectorAsync("body[data-caseload-as-of='2026-03-30']");
        clock.Stop();
        Assert.Equal(40, await page.Locator("#caseload tbody tr").CountAsync());
        var measured = await page.EvaluateAsync<double>("() => performance.getEntriesByName('caseload-render').at(-1).duration");
        Console.WriteLine($"caseload of 40: rendered {clock.Elapsed.TotalMilliseconds:F0} ms after the date change (page's own measure, fetch to render: {measured:F0} ms)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"The caseload of 40 took {clock.Elapsed.TotalMilliseconds:F0} ms.");

        Assert.Equal(["Gap, Gwen", "Recent, Rita"], (await RowNames(page)).Take(2));
        var gwenRow = page.Locator($"tr[data-patient-id='{gwen}']");
        Assert.Contains("medication gap 10 d · high", await gwenRow.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("2026-03-21", await gwenRow.InnerTextAsync(), StringComparison.Ordinal);           // next due
        Assert.Equal("erased", await page.Locator($"tr[data-patient-id='{erased}'] th").InnerTextAsync());
        Assert.DoesNotContain("Otherscase", await page.ContentAsync(), StringComparison.Ordinal);

        await page.SelectOptionAsync("#sort", "name");
        Assert.Equal("erased", (await RowNames(page))[0]);
        Assert.Equal("Gap, Gwen", (await RowNames(page))[1]);
        await page.SelectOptionAsync("#filter-alert", "medication-gap");
        Assert.Equal(["Gap, Gwen", "Recent, Rita"], await RowNames(page));
        await page.SelectOptionAsync("#filter-alert", "");
        await page.SelectOptionAsync("#filter-status", "status:active");
        Assert.Equal(["Gap, Gwen", "Recent, Rita", "Steady, Sam"], await RowNames(page));
        await page.SelectOptionAsync("#filter-status", "");
        await page.SelectOptionAsync("#sort", "urgency");
        await AssertAccessibleAsync(page, "caseload");
        await ScreenshotAsync(page, "caseload-1280.png", fullPage: false);

        // Another user's write arrives without a reload: three doses close Rita's gap. The keyboard user
        // on Rita's link stays on it while her row is drawn anew.
        await page.EvaluateAsync($"() => {{ window.notReloaded = true; window.ritaRow = document.querySelector(\"tr[data-patient-id='{rita}']\"); }}");
        await page.FocusAsync($"tr[data-patient-id='{rita}'] a");
        clock.Restart();
        foreach (var day in new[] { "2026-03-28", "2026-03-29", "2026-03-30" }) await clinic.Dose(rita, day);
        await page.WaitForFunctionAsync($"() => !document.querySelector(\"tr[data-patient-id='{rita}']\").textContent.includes('medication gap')", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        Console.WriteLine($"live: the caseload showed another user's write {clock.Elapsed.TotalMilliseconds:F0} ms after it");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Equal("Recent, Rita", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.ritaRow.isConnected"));

        // Open Gwen's page with the keyboard: her link is reachable by Tab from the filters.
        await page.FocusAsync("#filter-status");
        for (var i = 0; i < 5 && !await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('patient-link')"); i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Gap, Gwen", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement.id === 'patient-name' && document.activeElement.textContent === 'Gap, Gwen'");

        Assert.Equal(90, await page.Locator("#calendar .day").CountAsync());
        Assert.Equal(20, await page.Locator("#calendar .day.covered").CountAsync());                        // 03-01..03-20
        Assert.Equal(10, await page.Locator("#calendar .day.uncovered").CountAsync());                      // 03-21..03-30
        Assert.Equal(60, await page.Locator("#calendar .day.none").CountAsync());
        Assert.Contains("Coverage ends2026-03-20", (await page.InnerTextAsync("#patient-facts")).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("oral", await page.InnerTextAsync("#patient-facts"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#pdc-chart .marker").CountAsync());                             // one 30-day window: 67%
        Assert.Contains("67%", await page.Locator("#pdc-chart svg").GetAttributeAsync("aria-label") ?? "", StringComparison.Ordinal);

        // A session, with the keyboard: Enter in a field submits its form.
        await page.FillAsync("#session-form [name=heldOn]", "2026-03-28");
        await page.SelectOptionAsync("#session-form [name=modality]", "telehealth");
        await page.FocusAsync("#session-form [name=minutes]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#record-message:has-text('Session recorded.')");
        Assert.Contains("2026-03-28", await page.InnerTextAsync("#sessions"), StringComparison.Ordinal);

        // A craving refused by the API shows its message beside the field; corrected, it is charted.
        await page.FillAsync("#craving-form [name=score]", "11");
        await page.ClickAsync("#craving-form button");
        await page.WaitForSelectorAsync("#craving-form .field-error:has-text('score is 0–10.')");
        Assert.Equal("true", await page.GetAttributeAsync("#craving-form [name=score]", "aria-invalid"));
        await page.FillAsync("#craving-form [name=score]", "7");
        await page.ClickAsync("#craving-form button");
        await page.WaitForSelectorAsync("#record-message:has-text('Craving assessment recorded.')");
        Assert.Equal(0, await page.Locator("#craving-form .field-error").CountAsync());
        Assert.Equal(1, await page.Locator("#craving-chart .marker").CountAsync());

        await page.SelectOptionAsync("#check-form [name=result]", "positive");
        await page.ClickAsync("#check-form button");
        await page.WaitForSelectorAsync("#checks li:has-text('▲ positive')");

        Assert.Contains("nausea, severe, since 2026-03-25", await page.InnerTextAsync("#adverse-events"), StringComparison.Ordinal);
        await page.FocusAsync($"li[data-event-id='{adverse}'] button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#adverse-events li:has-text('None open.')");
        Assert.Equal("adverse-title", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Another user's write to this patient shows on the open page too.
        await clinic.Post($"/api/patients/{gwen}/craving-assessments", new { assessedOn = "2026-03-29", substance = "alcohol", score = 3 });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#craving-chart .marker').length === 2", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        var chart = (await clinic.Get($"/api/patients/{gwen}/chart")).Json();
        Assert.Equal(1, chart.GetProperty("sessions").GetArrayLength());
        Assert.Equal(1, chart.GetProperty("checks").GetArrayLength());
        Assert.All(chart.GetProperty("adverseEvents").EnumerateArray(), a => Assert.Equal("2026-03-30", a.Str("resolvedOn")));
        Assert.DoesNotContain("Otherscase", await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "patient");
        await ScreenshotAsync(page, "patient-1280.png");

        // A tablet: nothing wider than the screen, still accessible.
        await page.SetViewportSizeAsync(768, 1024);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await AssertAccessibleAsync(page, "patient at 768 px");
        await ScreenshotAsync(page, "patient-768.png");
        await page.ClickAsync("#back");
        await page.WaitForSelectorAsync($"tr[data-patient-id='{gwen}']");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await AssertAccessibleAsync(page, "caseload at 768 px");
        await ScreenshotAsync(page, "caseload-768.png", fullPage: false);
    }

    [Fact]
    public async Task A_second_counselor_sees_none_of_the_first_counselors_patients_on_the_page_or_the_stream()
    {
        var clinic = app.NewClinic();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var hers = await Named(clinic, first, "Hanna", "Firstcase");
        var mine = await Named(clinic, second, "Milo", "Secondcase");
        await clinic.Get("/api/worklist?minVersion=1");

        await using var api = await RunningApi.StartAsync(app.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#token", clinic.Token(Roles.Counselor, second));
        await page.ClickAsync("#sign-in-button");
        await page.WaitForSelectorAsync("#live.live");
        await page.FillAsync("#as-of", "2026-03-30");
        await page.DispatchEventAsync("#as-of", "change");
        await page.WaitForSelectorAsync("body[data-caseload-as-of='2026-03-30']");
        Assert.Equal(["Secondcase, Milo"], await RowNames(page));
        await AssertNothingOfAsync(page, hers);

        // A write to the first counselor's patient is not announced on this caseload's stream...
        var loads = await page.EvaluateAsync<string>("() => document.body.dataset.caseloadLoads");
        await clinic.Post($"/api/patients/{hers}/craving-assessments", new { assessedOn = "2026-03-29", substance = "opioids", score = 5 });
        await clinic.Get($"/api/worklist?minVersion=2&patientId={hers}");
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(loads, await page.EvaluateAsync<string>("() => document.body.dataset.caseloadLoads"));
        // ...while one to this caseload is.
        await clinic.Post($"/api/patients/{mine}/craving-assessments", new { assessedOn = "2026-03-29", substance = "opioids", score = 5 });
        await page.WaitForFunctionAsync($"() => document.body.dataset.caseloadLoads !== '{loads}'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        // Her page by its address: refused as if it did not exist.
        await page.GotoAsync(new Uri(api.BaseAddress, $"/dashboard#/patients/{hers}").ToString());
        await page.WaitForSelectorAsync("#patient-name:has-text('Cannot show this patient')");
        await AssertNothingOfAsync(page, hers);

        // Signed out, the page keeps nothing of the caseload for the next person at the screen.
        await page.ClickAsync("#sign-out");
        await page.WaitForSelectorAsync("#sign-in:not([hidden])");
        Assert.DoesNotContain("Secondcase", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(mine.ToString(), await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_page_reconnects_to_the_stream_after_the_API_restarts()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var patient = await Named(clinic, counselor, "Rhea", "Restart");
        await clinic.Get("/api/worklist?minVersion=1");

        var api = await RunningApi.StartAsync(app.ConnectionString);
        var address = api.BaseAddress;
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await LaunchAsync(playwright);
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(address, "/dashboard").ToString());
            await page.FillAsync("#token", clinic.Token(Roles.Counselor, counselor));
            await page.ClickAsync("#sign-in-button");
            await page.WaitForSelectorAsync("#live.live");
            await page.FillAsync("#as-of", "2026-03-30");
            await page.DispatchEventAsync("#as-of", "change");
            await page.WaitForSelectorAsync($"tr[data-patient-id='{patient}']");

            await api.KillAsync();
            await page.WaitForSelectorAsync("#live.reconnecting");
            await api.DisposeAsync();
            api = await RunningApi.StartAsync(app.ConnectionString, port: address.Port);
            await page.WaitForSelectorAsync("#live.live", new PageWaitForSelectorOptions { Timeout = 30_000 });

            // Live again: a write shows without a reload.
            await clinic.Post($"/api/patients/{patient}/counseling-sessions",
                new { counselorId = counselor, heldOn = "2026-03-29", minutes = 50, modality = "individual", outcome = "attended" });
            await page.WaitForSelectorAsync($"tr[data-patient-id='{patient}'] td:has-text('2026-03-29')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_token_is_refused_on_the_page()
    {
        await using var api = await RunningApi.StartAsync(app.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());
        await AssertAccessibleAsync(page, "sign-in");
        await page.FillAsync("#token", "not a token");
        await page.ClickAsync("#sign-in-button");
        Assert.Contains("not a valid token", await page.InnerTextAsync("#sign-in-error"), StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#caseload-view"));
    }

    private static async Task<Guid> Named(TestClinic clinic, Guid counselor, string firstName, string lastName) =>
        (await clinic.Post("/api/patients", Scenarios.Enrollment("2026-03-01", counselorId: counselor.ToString(), firstName: firstName, lastName: lastName), expect: 201))
        .Json().GetProperty("id").GetGuid();

    private static async Task OnOralDoses(TestClinic clinic, Guid id, string lastDose)
    {
        await clinic.Verified(id, "2026-03-01");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", lastDose);
    }

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"Chromium not found at {Chromium}: install Debian's chromium (scripts/test.sh does) or set TP_CHROMIUM.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    private static async Task<List<string>> RowNames(IPage page) => [.. await page.Locator("#caseload tbody tr th").AllInnerTextsAsync()];

    /// <summary>Neither the name nor the id of another counselor's patient anywhere in the page.</summary>
    private static async Task AssertNothingOfAsync(IPage page, Guid patient)
    {
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Firstcase", html, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.ToString(), html, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var v in result.Violations)
            Console.WriteLine($"axe on {what}: {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})");
        Assert.True(serious.Count == 0, $"axe on {what}: {string.Join(", ", serious.Select(v => v.Id))}");
    }

    /// <summary>Into the build output; into docs/screenshots as well when TP_UPDATE_SCREENSHOTS=1 (README shows those).</summary>
    private static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage });
        var folders = new List<string> { Path.Combine(AppContext.BaseDirectory, "screenshots") };
        if (Environment.GetEnvironmentVariable("TP_UPDATE_SCREENSHOTS") == "1")
            folders.Add(Path.GetFullPath(Path.Combine(RunningApi.ProjectDirectory(), "..", "..", "docs", "screenshots")));
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
        }
    }
}
