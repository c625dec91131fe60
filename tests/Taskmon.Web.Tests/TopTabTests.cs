using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>The dashboard's Top tab in headless Chromium: live rows over /api/top, sorting, sparklines, the detail's histogram, and warnings.</summary>
[Trait("tier", "slow")]
[Collection(BrowserCollection.Name)]
public sealed class TopTabTests(Browser browser) : IAsyncLifetime
{
    private TestApp _app = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _app = TestApp.Start(configure: o =>
        {
            o.Discovery = DiscoveryLevel.Full;
            o.LostTasks = true;
        });
        _context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        _context.SetDefaultTimeout(20_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_Top_tab_warns_of_a_task_blocking_its_thread_300_ms_and_of_a_lost_task()
    {
        await _page.GotoAsync(_app.BaseAddress.ToString());
        await _page.ClickAsync("#tab-top");
        await Assertions.Expect(_page.Locator("#top-view")).ToBeVisibleAsync();
        // A first frame has arrived (rows), and nothing warns about the task that is yet to start. (Other warnings
        // may be there: on a loaded machine the test runner's own methods can hold a thread for long.)
        await Assertions.Expect(_page.Locator("#top-body tr").First).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("#top-warnings li", new PageLocatorOptions { HasText = nameof(BlocksItsThreadAsync) })).ToHaveCountAsync(0);

        // A resumption that holds its pool thread for 300 ms (sync over async).
        var stopping = _app.Stopping;
        _ = Task.Run(() => BlocksItsThreadAsync(stopping));
        var blocking = _page.Locator("#top-warnings li.kind-blocking", new PageLocatorOptions { HasText = nameof(BlocksItsThreadAsync) });
        await Assertions.Expect(blocking.First).ToBeVisibleAsync();
        var id = (await blocking.First.Locator("button.task-link").First.TextContentAsync())!.TrimStart('#');

        // Its row is live: sortable, with a sparkline; its detail shows the run-time histogram.
        var row = _page.Locator($"#top-body tr[data-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync(nameof(BlocksItsThreadAsync));
        await _page.Locator("#top-head th[data-col='longest']").ClickAsync();
        await Assertions.Expect(_page.Locator("#top-head th[data-col='longest']")).ToHaveClassAsync("sorted desc");
        // Sorted by longest run, descending, with our row among them. Not "our row first": on a loaded machine the test
        // runner's own methods can hold a thread for longer than 300 ms too.
        await _page.WaitForFunctionAsync(SortedByLongestRunWithRow, id);
        await _page.WaitForFunctionAsync($"() => Number(document.querySelector(\"#top-body tr[data-id='{id}'] svg.spark\")?.dataset.points) >= 3");
        await row.Locator("button.trace").ClickAsync();
        await Assertions.Expect(_page.Locator("#trace-body")).ToContainTextAsync("Run times");
        await Assertions.Expect(_page.Locator("#trace-body table.histogram tr", new PageLocatorOptions { HasText = "< 1.0 s" })).ToContainTextAsync("1");
        await _page.ClickAsync("#trace-close");

        // A task nobody can complete any more: lost once the runtime collects it.
        StartForgottenWork();
        var lost = _page.Locator("#top-warnings li.kind-lost", new PageLocatorOptions { HasText = nameof(AwaitsForeverAsync) });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await lost.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no lost-task warning: " + await _page.Locator("#top-warnings").TextContentAsync());
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(200);
        }

        await Assertions.Expect(lost.First.Locator("button.task-link")).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#badge-warnings")).Not.ToHaveTextAsync("0");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDirectory(), "top-tab.png") });
    }

    /// <summary>True once the Top table's rows read in non-increasing order of their "Longest run" cells and row <c>id</c> is one of them.</summary>
    private const string SortedByLongestRunWithRow = """
        id => {
          const col = [...document.querySelectorAll("#top-head th")].findIndex(th => th.dataset.col === "longest");
          const rows = [...document.querySelectorAll("#top-body tr")];
          const unit = { ms: 1, s: 1000, m: 60000, h: 3600000 };
          const ms = text => { const p = text.trim().split(" "); let sum = 0; for (let i = 0; i + 1 < p.length; i += 2) sum += Number(p[i]) * unit[p[i + 1]]; return sum; };
          const values = rows.map(r => ms(r.children[col].textContent));
          return rows.some(r => r.dataset.id === id) && values.every((v, i) => i === 0 || values[i - 1] >= v);
        }
        """;

    private static async Task BlocksItsThreadAsync(CancellationToken stopping)
    {
        await Task.Yield();
        Thread.Sleep(300);
        await Task.Delay(Timeout.Infinite, stopping);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartForgottenWork() => _ = AwaitsForeverAsync(new TaskCompletionSource().Task);

    private static async Task AwaitsForeverAsync(Task never) => await never;
}
