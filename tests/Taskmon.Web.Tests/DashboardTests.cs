using Microsoft.Playwright;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>The real dashboard in headless Chromium against a real monitored test app.</summary>
[Trait("tier", "slow")]
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(Browser browser) : IAsyncLifetime
{
    private TestApp _app = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _app = TestApp.Start();
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
    public async Task The_trace_view_collapses_framework_frames_until_full_stacks_is_ticked()
    {
        _ = _app.StartSleeper("jmc-dashboard");
        await _page.GotoAsync(_app.Server.Address.ToString());
        await Row("jmc-dashboard").Locator("button.trace").ClickAsync();
        var stack = _page.Locator("#trace-body ol.frames").Last;
        await Assertions.Expect(stack.Locator("li").First).ToContainTextAsync("TestApp.StartSleeper");
        await Assertions.Expect(stack.Locator("li").Nth(1)).ToContainTextAsync(nameof(The_trace_view_collapses_framework_frames_until_full_stacks_is_ticked));
        await Assertions.Expect(stack.Locator("li.collapsed").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^… \d+ framework frames$"));
        var lines = await stack.Locator("li").CountAsync();
        var markers = await stack.Locator("li.collapsed").AllTextContentsAsync();
        var hidden = markers.Sum(m => int.Parse(m.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));

        await _page.CheckAsync("#trace-full");
        await Assertions.Expect(stack.Locator("li")).ToHaveCountAsync(lines - markers.Count + hidden);
        await Assertions.Expect(stack.Locator("li.collapsed")).ToHaveCountAsync(0);
        await Assertions.Expect(stack.Locator("li.framework", new LocatorLocatorOptions { HasText = "Xunit." }).First).ToBeVisibleAsync();

        await _page.UncheckAsync("#trace-full");
        await Assertions.Expect(stack.Locator("li")).ToHaveCountAsync(lines);
    }

    [Fact]
    public async Task The_discovery_selector_switches_the_servers_level_and_shows_a_level_set_elsewhere()
    {
        await using var app = TestApp.Start(configure: o => o.Discovery = DiscoveryLevel.Off);
        await _page.GotoAsync(app.Server.Address.ToString());
        var selector = _page.Locator("#tracking-level");
        await Assertions.Expect(selector).ToHaveValueAsync("off");

        // The operator picks a level: the server switches, and says so once its answer is back.
        await selector.SelectOptionAsync("pending");
        await Assertions.Expect(_page.Locator("#toasts")).ToContainTextAsync("Discovery pending");
        Assert.Equal(DiscoveryLevel.Pending, app.Monitor.GetStatus().Level);
        await Assertions.Expect(selector).ToHaveValueAsync("pending");

        // A level switched elsewhere (terminal, API, the app itself) shows up at the next refresh.
        await selector.BlurAsync();
        app.Monitor.DiscoveryLevel = DiscoveryLevel.Full;
        await Assertions.Expect(selector).ToHaveValueAsync("full");

        await selector.SelectOptionAsync("off");
        await Assertions.Expect(_page.Locator("#toasts")).ToContainTextAsync("Discovery off");
        Assert.Equal(DiscoveryLevel.Off, app.Monitor.GetStatus().Level);
    }

    [Fact]
    public async Task AnOperatorFindsTracesAndCancelsATask()
    {
        _ = _app.StartSleeper("known-ingest-worker");
        for (var i = 0; i < 12; i++) _ = _app.StartSleeper($"background-{i}");
        _ = _app.StartSleeper("supervisor", persistent: true);

        await _page.GotoAsync(_app.Server.Address.ToString());

        // See the known task, with the count badge.
        await Assertions.Expect(Row("known-ingest-worker")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#badge-live")).ToHaveTextAsync("14");
        await Assertions.Expect(_page.Locator("#live-state")).ToHaveTextAsync("live");
        await Assertions.Expect(_page.Locator("#pool-stats")).ToContainTextAsync("Queue length");
        await _page.WaitForFunctionAsync("() => Number(document.getElementById('pool-chart').dataset.samples) >= 8");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDirectory(), "dashboard.png") });

        // Filter to it (debounced box): only it remains.
        await _page.FillAsync("#filter", "known-ingest");
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row("known-ingest-worker")).ToHaveCountAsync(1);

        // Its trace shows the methods it awaits in.
        await Row("known-ingest-worker").Locator("button.trace").ClickAsync();
        var trace = _page.Locator("#trace");
        await Assertions.Expect(trace).ToBeVisibleAsync();
        await Assertions.Expect(trace).ToContainTextAsync("InnermostWaitAsync");
        await Assertions.Expect(trace).ToContainTextAsync("MiddleStepAsync");
        await Assertions.Expect(trace).ToContainTextAsync("OuterLoopAsync");
        await Assertions.Expect(trace).ToContainTextAsync("Creation chain");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDirectory(), "trace.png") });
        await _page.ClickAsync("#trace-close");
        await Assertions.Expect(trace).ToBeHiddenAsync();

        // Cancel it: confirmation, toast, and it is gone from the running tab.
        await Row("known-ingest-worker").Locator("button.cancel").ClickAsync();
        await Assertions.Expect(_page.Locator("#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#confirm-text")).ToContainTextAsync("known-ingest-worker");
        await _page.ClickAsync("#confirm-yes");
        await Assertions.Expect(_page.Locator(".toast")).ToContainTextAsync("Cancelled task");
        await Assertions.Expect(_page.Locator(".toast.error")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("known-ingest-worker")).ToHaveCountAsync(0);

        // It moved to the terminated tab, outcome cancelled.
        await _page.ClickAsync("#tab-terminated");
        var ended = Row("known-ingest-worker");
        await Assertions.Expect(ended).ToHaveCountAsync(1);
        await Assertions.Expect(ended.Locator("td.outcome-cancelled")).ToHaveTextAsync("cancelled");
        await ended.Locator("button.trace").ClickAsync();
        await Assertions.Expect(trace).ToContainTextAsync("cancelled by an operator");
        await Assertions.Expect(_page.Locator("#badge-terminated")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(_page.Locator(".toast.error")).ToHaveCountAsync(0);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDirectory(), "terminated-trace.png") });
    }

    [Fact]
    public async Task PersistentToggleSortingAndCancelOnlyWhereCancellable()
    {
        var alpha = _app.StartSleeper("alpha-job");
        _ = _app.StartSleeper("zulu-job");
        _ = _app.StartSleeper("persistent-supervisor", persistent: true);
        await _page.GotoAsync(_app.Server.Address.ToString());
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(3);

        await _page.CheckAsync("#persistent");
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row("persistent-supervisor")).ToHaveCountAsync(1);
        await _page.UncheckAsync("#persistent");
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(3);

        // Sort by name, then reverse it by clicking again.
        await _page.ClickAsync("th[data-col=name]");
        await Assertions.Expect(_page.Locator("#task-body tr").First).ToContainTextAsync("alpha-job");
        await _page.ClickAsync("th[data-col=name]");
        await Assertions.Expect(_page.Locator("#task-body tr").First).ToContainTextAsync("zulu-job");
        await Assertions.Expect(_page.Locator("th[data-col=name]")).ToHaveClassAsync("sorted desc");

        // Every explicit task can be cancelled; "Keep running" leaves it alone.
        await Assertions.Expect(_page.Locator("button.cancel")).ToHaveCountAsync(3);
        await Row("alpha-job").Locator("button.cancel").ClickAsync();
        await _page.ClickAsync("#confirm-no");
        await Assertions.Expect(_page.Locator("#confirm")).ToBeHiddenAsync();
        // Positive signal first: a confirmed cancel of another task goes through and the list refreshes without it.
        // A cancel sent for "Keep running" would have been sent before it, so by now alpha would be gone as well.
        await Row("zulu-job").Locator("button.cancel").ClickAsync();
        await _page.ClickAsync("#confirm-yes");
        await Assertions.Expect(Row("zulu-job")).ToHaveCountAsync(0);
        await Assertions.Expect(Row("alpha-job")).ToHaveCountAsync(1);
        Assert.False(alpha.IsCompleted, "alpha-job ended although the operator chose to keep it running");
    }

    [Fact]
    public async Task TheTerminatedTabListsNewestFirstAndSortsByAColumn()
    {
        foreach (var name in new[] { "term-zulu", "term-alpha", "term-mike" })
        {
            await _app.Monitor.Run(name, _ => Task.CompletedTask);
        }

        await _page.GotoAsync(_app.Server.Address.ToString());
        await _page.ClickAsync("#tab-terminated");
        var first = _page.Locator("#task-body tr").First;
        await Assertions.Expect(_page.Locator("#task-body tr")).ToHaveCountAsync(3);
        await Assertions.Expect(first).ToContainTextAsync("term-mike");
        await Assertions.Expect(_page.Locator("th[data-col=ended]")).ToHaveClassAsync("sorted desc");

        await _page.ClickAsync("th[data-col=name]");
        await Assertions.Expect(first).ToContainTextAsync("term-alpha");
        await _page.ClickAsync("th[data-col=name]");
        await Assertions.Expect(first).ToContainTextAsync("term-zulu");
        await Assertions.Expect(_page.Locator("th[data-col=name]")).ToHaveClassAsync("sorted desc");
        await Assertions.Expect(_page.Locator(".toast.error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LiveRefreshPausesWhileTheTabIsHidden()
    {
        await _page.GotoAsync(_app.Server.Address.ToString());
        await Assertions.Expect(_page.Locator("#live-state")).ToHaveTextAsync("live");
        // A new task shows up without reloading.
        _ = _app.StartSleeper("late-arrival");
        await Assertions.Expect(Row("late-arrival")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#pool-stats")).ToContainTextAsync("Threads");

        await _page.EvaluateAsync("""
            () => {
              Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
              document.dispatchEvent(new Event("visibilitychange"));
            }
            """);
        await Assertions.Expect(_page.Locator("#live-state")).ToHaveTextAsync("paused");
        var requestsWhileHidden = 0;
        _page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal)) Interlocked.Increment(ref requestsWhileHidden);
        };
        _ = _app.StartSleeper("while-hidden");

        // Positive signal first: a visible page on the same server shows the new task and then takes two more live
        // samples, so the refresh cycles that would have shown it on the hidden page have passed.
        var control = await _context.NewPageAsync();
        await control.GotoAsync(_app.Server.Address.ToString());
        await Assertions.Expect(control.Locator("#task-body tr", new PageLocatorOptions { HasText = "while-hidden" })).ToHaveCountAsync(1);
        const string Samples = "() => Number(document.getElementById('pool-chart').dataset.samples)";
        var samples = await control.EvaluateAsync<int>(Samples);
        await control.WaitForFunctionAsync($"() => ({Samples})() >= {samples + 2}");
        await control.CloseAsync();

        await Assertions.Expect(Row("while-hidden")).ToHaveCountAsync(0);
        Assert.Equal(0, Volatile.Read(ref requestsWhileHidden));

        await _page.EvaluateAsync("""
            () => {
              Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
              document.dispatchEvent(new Event("visibilitychange"));
            }
            """);
        await Assertions.Expect(Row("while-hidden")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#live-state")).ToHaveTextAsync("live");
    }
}
