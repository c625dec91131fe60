using Microsoft.Playwright;
using Taskmon.AspNetCore.Tests.Support;
using Taskmon.Web.Tests.Support;

namespace Taskmon.AspNetCore.Tests;

/// <summary>The real dashboard in headless Chromium, mounted under a prefix of a real ASP.NET Core app behind its login.</summary>
[Trait("tier", "slow")]
[Collection(BrowserCollection.Name)]
public sealed class MountedDashboardTests(Browser browser) : IAsyncLifetime
{
    private MountedApp _app = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _app = await MountedApp.StartAsync();
        _context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        _context.SetDefaultTimeout(10_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    private ILocator Row(string name) => _page.Locator("#task-body tr", new PageLocatorOptions { HasText = name });

    [Fact]
    public async Task An_operator_signed_in_to_the_app_sees_filters_traces_and_cancels_under_the_prefix()
    {
        _ = _app.StartSleeper("mounted-ingest-worker");
        for (var i = 0; i < 5; i++) _ = _app.StartSleeper($"mounted-background-{i}");
        var apiOutsidePrefix = 0;
        _page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.Contains("/api/", StringComparison.Ordinal) && !path.StartsWith(MountedApp.Prefix + "/api/", StringComparison.Ordinal))
                Interlocked.Increment(ref apiOutsidePrefix);
        };

        // Not signed in (this browser context has no cookie yet): the app's policy refuses the page itself.
        var refused = await _context.APIRequest.GetAsync(new Uri(_app.Address, MountedApp.Prefix + "/").ToString());
        Assert.Equal(401, refused.Status);

        await _page.GotoAsync(new Uri(_app.Address, "login?role=ops").ToString());
        await _page.GotoAsync(new Uri(_app.Address, MountedApp.Prefix).ToString());
        Assert.EndsWith(MountedApp.Prefix + "/", _page.Url, StringComparison.Ordinal);

        await Assertions.Expect(Row("mounted-ingest-worker")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#badge-live")).ToHaveTextAsync("6");
        await Assertions.Expect(_page.Locator("#live-state")).ToHaveTextAsync("live");
        await Assertions.Expect(_page.Locator("#app-info")).ToContainTextAsync($"pid {Environment.ProcessId}");

        await _page.FillAsync("#filter", "mounted-ingest");
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(1);

        await Row("mounted-ingest-worker").Locator("button.trace").ClickAsync();
        var trace = _page.Locator("#trace");
        await Assertions.Expect(trace).ToContainTextAsync("InnermostWaitAsync");
        await Assertions.Expect(trace).ToContainTextAsync("OuterLoopAsync");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDirectory(), "mounted-trace.png") });
        await _page.ClickAsync("#trace-close");

        await Row("mounted-ingest-worker").Locator("button.cancel").ClickAsync();
        await _page.ClickAsync("#confirm-yes");
        await Assertions.Expect(_page.Locator(".toast")).ToContainTextAsync("Cancelled task");
        await Assertions.Expect(Row("mounted-ingest-worker")).ToHaveCountAsync(0);
        await _page.ClickAsync("#tab-terminated");
        await Assertions.Expect(Row("mounted-ingest-worker").Locator("td.outcome-cancelled")).ToHaveTextAsync("cancelled");
        await Assertions.Expect(_page.Locator(".toast.error")).ToHaveCountAsync(0);
        Assert.Equal(0, apiOutsidePrefix);
    }
}
