using Microsoft.Playwright;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Operations;

/// <summary>The counselor dashboard in a real headless Chromium against the API on a loopback port.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardBrowserTests(AppFixture app)
{
    private static string Chromium => Environment.GetEnvironmentVariable("TP_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task A_counselor_signs_in_sees_calendars_and_the_worklist_and_records_a_session()
    {
        Assert.True(File.Exists(Chromium), $"Chromium not found at {Chromium}: install Debian's chromium (scripts/test.sh does) or set TP_CHROMIUM.");
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var steady = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselor);
        await clinic.DailyDoses(steady, "2026-03-01", "2026-03-24");        // 24 of the 30 days 03-01..03-30
        var waiting = await clinic.EnrolledPatient("2026-03-01", counselorId: counselor);
        await clinic.Get("/api/worklist?minVersion=1");

        await using var api = await RunningApi.StartAsync(app.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());

        await page.FillAsync("#token", clinic.Token("counselor", counselor));
        await page.ClickAsync("#sign-in-button");
        await page.FillAsync("#as-of", "2026-03-30");
        await page.DispatchEventAsync("#as-of", "change");
        await page.WaitForSelectorAsync($"tr[data-patient-id='{steady}'] .calendar");
        await page.WaitForSelectorAsync($"tr[data-patient-id='{waiting}'] .calendar");

        var steadyRow = page.Locator($"tr[data-patient-id='{steady}']");
        Assert.Equal(30, await steadyRow.Locator(".day").CountAsync());
        Assert.Equal(24, await steadyRow.Locator(".day.covered").CountAsync());
        Assert.Equal(6, await steadyRow.Locator(".day.uncovered").CountAsync());
        Assert.Equal("80%", await steadyRow.Locator("td").Nth(3).InnerTextAsync());
        Assert.Equal(30, await page.Locator($"tr[data-patient-id='{waiting}'] .day.none").CountAsync());
        Assert.Contains("medication-gap (6 days)", await page.InnerTextAsync("#worklist"), StringComparison.Ordinal);
        Assert.Contains("induction-pending", await page.InnerTextAsync("#worklist"), StringComparison.Ordinal);

        await page.SelectOptionAsync("#session-patient", steady.ToString());
        await page.FillAsync("#session-date", "2026-03-28");
        await page.SelectOptionAsync("#session-modality", "telehealth");
        await page.ClickAsync("#session-form button[type=submit]");
        await page.WaitForSelectorAsync("#session-message:has-text('Session recorded.')");

        Assert.Equal("2026-03-28", await steadyRow.Locator("td").Nth(4).InnerTextAsync());
        var adherence = await clinic.Adherence(steady, "2026-03-01", "2026-03-30");
        Assert.Equal(1, adherence.GetProperty("counseling").GetProperty("attended").GetInt32());
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task A_bad_token_is_refused_on_the_page()
    {
        Assert.True(File.Exists(Chromium), $"Chromium not found at {Chromium}.");
        await using var api = await RunningApi.StartAsync(app.ConnectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#token", "not a token");
        await page.ClickAsync("#sign-in-button");
        Assert.Contains("not a valid token", await page.InnerTextAsync("#sign-in-error"), StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#board"));
    }
}
