using System.Net;
using Microsoft.Playwright;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>
/// 100,000 live tasks: the API pages them and the dashboard renders one page, not 100,000 rows.
/// (The latency target is measured by bench/web-first-page.sh, not asserted here.)
/// </summary>
[Trait("tier", "slow")]
[Collection(BrowserCollection.Name)]
public sealed class LargeListTests(Browser browser)
{
    private const int Tasks = 100_000;

    [Fact]
    public async Task TheDashboardPagesAHundredThousandTasks()
    {
        await using var app = TestApp.Start(new TaskmonWebOptions { RefreshInterval = TimeSpan.FromSeconds(1) }, o => { o.CreationStacks = CreationStackMode.Off; o.MaxLiveTasks = 200_000; });
        var release = new TaskCompletionSource();
        var running = new Task[Tasks];
        for (var i = 0; i < Tasks; i++)
            running[i] = app.Monitor.Run($"bulk-{i}", _ => release.Task);
        try
        {
            var (status, page) = await app.Http.GetJsonAsync("/api/tasks?limit=100&offset=99950");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(Tasks, page.GetProperty("totalMatching").GetInt32());
            Assert.Equal(50, page.Items().Count());

            await using var context = await browser.Instance.NewContextAsync();
            // Generous: the test machine is shared and busy; the latency target is measured by the bench.
            context.SetDefaultTimeout(60_000);
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(app.Server.Address.ToString());
            await Assertions.Expect(tab.Locator("#page-info")).ToHaveTextAsync("1–100 of 100000");
            Assert.Equal(100, await tab.Locator("#task-body tr").CountAsync());
            await Assertions.Expect(tab.Locator("#badge-live")).ToHaveTextAsync("100000");

            await tab.ClickAsync("#next");
            await Assertions.Expect(tab.Locator("#page-info")).ToHaveTextAsync("101–200 of 100000");
            Assert.Equal(100, await tab.Locator("#task-body tr").CountAsync());

            // Still responsive: a filter narrows 100,000 tasks to one.
            await tab.FillAsync("#filter", "bulk-77777");
            await Assertions.Expect(tab.Locator("#page-info")).ToHaveTextAsync("1–1 of 1");
            await Assertions.Expect(tab.Locator("#task-body tr")).ToContainTextAsync("bulk-77777");
        }
        finally
        {
            release.SetResult();
            await Task.WhenAll(running);
        }
    }
}
