using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Taskmon.Web.Tests.Support;
using Taskmon.WebApi;

namespace Taskmon.AspNetCore.Tests;

/// <summary>
/// Meters are process-wide by name: while this runs, no other monitor in the test process may publish
/// into the "Taskmon" meter the sample's OpenTelemetry provider listens to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "runs alone";
}

/// <summary>samples/Taskmon.WebApi on Kestrel (port 0): its /metrics, scraped over HTTP, holds Taskmon's instruments with live values.</summary>
[Trait("tier", "system")]
[Collection(AloneCollection.Name)]
public sealed partial class SampleMetricsTests
{
    [Fact]
    public async Task Metrics_holds_Taskmons_instruments_with_live_values_and_the_dashboard_is_for_operators_only()
    {
        await using var app = SampleApp.Build(["--urls=http://127.0.0.1:0", "--Taskmon:Terminal:Enabled=false", "--Orders:Enabled=false", "--Ops:Key=sample-test-key", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var monitor = app.Services.GetRequiredService<TaskMonitor>();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };

        var held = Enumerable.Range(0, 3).Select(i => monitor.Run($"metrics-held-{i}", ct => Task.Delay(Timeout.Infinite, ct))).ToArray();
        await Assert.ThrowsAsync<InvalidOperationException>(() => monitor.Run("metrics-fails", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("planned");
        }));

        await JsonApi.EventuallyAsync(async () =>
        {
            var metrics = await ScrapeAsync(http);
            return Value(metrics, "taskmon_tasks_live") >= 3
                && Value(metrics, "taskmon_tasks_created_total") >= 4
                && Value(metrics, "taskmon_tasks_terminated_total", "outcome=\"faulted\"") >= 1;
        }, "live, created and faulted values on /metrics", timeoutMs: 20_000);

        // The dashboard is behind the sample's policy: a stranger is sent to the login page, an operator gets in.
        using (var stranger = await http.GetAsync("ops/taskmon/api/tasks"))
        {
            Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
            Assert.StartsWith("/login", stranger.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }

        using (var wrongKey = await http.PostAsync("login", new FormUrlEncodedContent([new("key", "guess")])))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        using (var login = await http.PostAsync("login", new FormUrlEncodedContent([new("key", "sample-test-key")])))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var id = monitor.GetTasks(new Inspection.TaskQuery { Filter = "metrics-held-0" }).Items.Single().Task.Id;
        var cancel = await http.PostJsonAsync($"ops/taskmon/api/tasks/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held[0]);

        // The operator's cancel shows up on /metrics too, and the live gauge follows the live tasks.
        await JsonApi.EventuallyAsync(async () =>
        {
            var metrics = await ScrapeAsync(http);
            return Value(metrics, "taskmon_tasks_terminated_total", "outcome=\"cancelled\"") >= 1
                && Value(metrics, "taskmon_cancellations_total", "kind=\"operator\"") >= 1
                && Value(metrics, "taskmon_tasks_live") == monitor.GetCounts().Live;
        }, "the cancel on /metrics", timeoutMs: 20_000);
        await app.StopAsync();
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples (Prometheus text format) whose labels contain <paramref name="label"/>; -1 when absent.</summary>
    private static double Value(string metrics, string name, string label = "")
    {
        var found = false;
        var sum = 0.0;
        foreach (Match m in Sample().Matches(metrics))
        {
            if (m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            {
                found = true;
                sum += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return found ? sum : -1;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
