using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>
/// The operator's browser opens a page of another origin (a second local web server) while a
/// monitored app serves both the web port and the terminal port. The page, and a sandboxed frame in
/// it (Origin: null), post forms (text/plain and urlencoded) and no-cors fetches to both ports to
/// cancel a task and switch tracking. Afterwards the app's state must be unchanged; the same
/// requests from the dashboard's own origin, and the same lines from a plain terminal client, do
/// change it (so these checks can fail).
/// </summary>
[Trait("tier", "slow")]
[Collection(BrowserCollection.Name)]
public sealed class AttackTests(Browser browser) : IAsyncLifetime
{
    private const string Victim = "attack-victim";
    private TestApp _app = null!;
    private AttackerSite _site = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _app = TestApp.Start(configure: o =>
        {
            o.Terminal.Port = 0;
            o.Discovery = DiscoveryLevel.Full;
            o.CreationStacks = CreationStackMode.PerSite;
        });
        Assert.NotEqual(0, _app.Monitor.TerminalPort);
        _site = new AttackerSite();
        _context = await browser.Instance.NewContextAsync();
        _context.SetDefaultTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _site.DisposeAsync();
        await _app.DisposeAsync();
    }

    private long LiveId(string name) => _app.Monitor.GetTasks().Items.Single(i => i.Task.Name == name).Task.Id;

    private string TerminalLines(long id) => $"cancel {id} --timeout 0\ntracking off --stacks always\n";

    /// <summary>Every way a page can make the browser post without reading the answer, to each state-changing target.</summary>
    private string AttackPage(long id)
    {
        var web = _app.BaseAddress.ToString().TrimEnd('/');
        string[] targets =
        [
            $"{web}/api/tasks/{id}/cancel",
            $"{web}/api/tracking?enabled=false&stacks=always",
            $"http://127.0.0.1:{_app.Monitor.TerminalPort}/",
        ];
        var lines = TerminalLines(id);
        var html = new StringBuilder("<!doctype html><html><body><h1>Cute cats</h1>\n");
        for (var i = 0; i < targets.Length; i++)
        {
            var action = WebUtility.HtmlEncode(targets[i]);
            // text/plain sends "name=value\r\n": the name carries the terminal lines, one per line.
            html.Append($"<iframe name=\"plain{i}\"></iframe><form target=\"plain{i}\" method=\"post\" enctype=\"text/plain\" action=\"{action}\">")
                .Append($"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode("\n" + lines + "x")}\" value=\"\"></form>\n");
            html.Append($"<iframe name=\"url{i}\"></iframe><form target=\"url{i}\" method=\"post\" action=\"{action}\">")
                .Append($"<input type=\"hidden\" name=\"cmd\" value=\"{WebUtility.HtmlEncode(lines)}\"></form>\n");
        }
        var urls = string.Join(",", targets.Select(t => $"\"{t}\""));
        var body = lines.Replace("\n", "\\n", StringComparison.Ordinal);
        html.Append($$"""
            <script>
            for (const form of document.forms) form.submit();
            for (const url of [{{urls}}]) fetch(url, { method: "POST", mode: "no-cors", body: "{{body}}" }).catch(() => {});
            </script></body></html>
            """);
        return html.ToString();
    }

    private const int RequestsPerAttackPage = 9; // 3 targets x (2 forms + 1 fetch)

    [Fact]
    public async Task APageOfAnotherOriginAndASandboxedFrameCannotActOnEitherPort()
    {
        var victim = _app.StartSleeper(Victim);
        var id = LiveId(Victim);
        var before = _app.Monitor.GetStatus();
        Assert.True(before.Discovery);

        var monitorPorts = new[] { _app.BaseAddress.Port, _app.Monitor.TerminalPort };
        var ended = new ConcurrentQueue<string>();
        var webStatuses = new ConcurrentQueue<int>();
        bool ToMonitor(IRequest r) => monitorPorts.Contains(new Uri(r.Url).Port);
        _context.Response += (_, r) =>
        {
            if (new Uri(r.Url).Port == _app.BaseAddress.Port) webStatuses.Enqueue(r.Status);
        };
        _context.RequestFinished += (_, r) =>
        {
            if (ToMonitor(r)) ended.Enqueue("finished " + r.Url);
        };
        _context.RequestFailed += (_, r) =>
        {
            if (ToMonitor(r)) ended.Enqueue($"failed {r.Url}: {r.Failure}");
        };

        // Two tabs, so that neither attack is aborted by navigating away from it.
        var attack = AttackPage(id);
        _site.Serve("/inner.html", attack);
        var plain = await _context.NewPageAsync();
        await plain.GotoAsync(_site.Serve("/cats.html", attack).ToString());
        var sandboxed = await _context.NewPageAsync();
        await sandboxed.GotoAsync(_site.Serve("/sandboxed.html",
            "<!doctype html><html><body><iframe sandbox=\"allow-forms allow-scripts\" src=\"/inner.html\"></iframe></body></html>").ToString());

        // Every attack request has had its answer (or its refusal) before the state is read.
        await JsonApi.EventuallyAsync(() => Task.FromResult(ended.Count >= 2 * RequestsPerAttackPage),
            $"{2 * RequestsPerAttackPage} attack requests to end", 30_000);
        var log = string.Join("\n", ended);
        Assert.True(webStatuses.Count == 2 * 6, $"web answers {string.Join(",", webStatuses)}; requests:\n{log}");
        Assert.All(webStatuses, status => Assert.Equal(403, status));
        Assert.False(victim.IsCompleted, "an attack page cancelled the task:\n" + log);
        Assert.Contains(_app.Monitor.GetTasks().Items, i => i.Task.Id == id);
        Assert.Equal(before, _app.Monitor.GetStatus());

        // Control, web port: the dashboard's own page does change state with the same requests.
        var page = await _context.NewPageAsync();
        await page.GotoAsync(_app.BaseAddress.ToString());
        var stacks = await page.EvaluateAsync<int>("async () => (await fetch('/api/tracking?enabled=false&stacks=always', { method: 'POST' })).status");
        Assert.Equal(200, stacks);
        Assert.Equal(CreationStackMode.Always, _app.Monitor.GetStatus().CreationStacks);
        Assert.False(_app.Monitor.GetStatus().Discovery);
        var cancel = await page.EvaluateAsync<int>($"async () => (await fetch('/api/tasks/{id}/cancel', {{ method: 'POST' }})).status");
        Assert.Equal(200, cancel);
        await JsonApi.EventuallyAsync(() => Task.FromResult(victim.IsCanceled), "the dashboard's own cancel");
    }

    [Fact]
    public async Task ThePlainTerminalLinesOfTheAttackDoActWhenAClientTypesThem()
    {
        // The control for the terminal half: the attack's body lines, sent by a real line client, do
        // cancel the task and switch tracking off, so "state unchanged" above is a real check.
        var victim = _app.StartSleeper(Victim);
        var id = LiveId(Victim);
        Assert.True(_app.Monitor.GetStatus().Discovery);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _app.Monitor.TerminalPort);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(TerminalLines(id)));
        await JsonApi.EventuallyAsync(() => Task.FromResult(victim.IsCanceled), "the terminal cancel", 15_000);
        await JsonApi.EventuallyAsync(() => Task.FromResult(!_app.Monitor.GetStatus().Discovery && _app.Monitor.GetStatus().CreationStacks == CreationStackMode.Always),
            "tracking off with stacks always", 15_000);
    }

    [Fact]
    public async Task NoPageOfAnotherOriginCanFrameTheDashboard()
    {
        var page = await _context.NewPageAsync();
        var framed = page.WaitForResponseAsync(r => new Uri(r.Url).Port == _app.BaseAddress.Port);
        await page.GotoAsync(_site.Serve("/frame.html",
            $"<!doctype html><html><body><button>Win a prize</button><iframe id=\"d\" src=\"{_app.BaseAddress}\" style=\"opacity:0.01\"></iframe></body></html>").ToString());
        var answer = await framed;
        Assert.Equal("DENY", await answer.HeaderValueAsync("x-frame-options"));
        var child = page.Frames.Single(f => f != page.MainFrame);
        await child.WaitForLoadStateAsync(LoadState.Load);
        // A refused frame shows the browser's own error page, not the dashboard.
        Assert.Equal(0, await child.Locator("#task-body").CountAsync());

        // The dashboard itself, opened directly, has that table (the check above looks for the right thing).
        await page.GotoAsync(_app.BaseAddress.ToString());
        Assert.Equal(1, await page.Locator("#task-body").CountAsync());
    }
}
