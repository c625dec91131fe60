using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.AspNetCore.Tests.Support;

/// <summary>
/// A real ASP.NET Core app on Kestrel (loopback, port 0) with cookie authentication, an "ops" policy
/// (role ops), forwarded headers as behind a TLS proxy, and the dashboard at <see cref="Prefix"/>
/// behind that policy. <c>GET /login?role=R</c> signs in as a user with role R.
/// </summary>
public sealed class MountedApp : IAsyncDisposable
{
    public const string Prefix = "/ops/taskmon";

    private readonly WebApplication _app;

    private MountedApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Monitor = app.Services.GetRequiredService<TaskMonitor>();
    }

    /// <summary>The app's root, e.g. http://127.0.0.1:PORT/.</summary>
    public Uri Address { get; }

    /// <summary>The dashboard under the prefix, with its trailing slash.</summary>
    public Uri Dashboard => new(Address, Prefix + "/");

    public TaskMonitor Monitor { get; }

    public static async Task<MountedApp> StartAsync(Action<IEndpointConventionBuilder>? conventions = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTaskmon(o =>
        {
            o.Discovery = DiscoveryLevel.Off; // explicit tasks only: the tests count and switch from there
            o.CreationStacks = CreationStackMode.Always;
            o.Terminal.Enabled = false;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            // An API answers 401/403 instead of redirecting to a login page.
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy("ops", p => p.RequireRole("ops"));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", async (HttpContext context, string role) =>
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return "signed in as " + role;
        });
        var taskmon = app.MapTaskmon(Prefix).RequireAuthorization("ops");
        conventions?.Invoke(taskmon);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new MountedApp(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A client with its own cookies, signed in with <paramref name="role"/> unless null.</summary>
    public async Task<HttpClient> ClientAsync(string? role)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (role is not null)
        {
            using var login = await http.GetAsync($"login?role={role}");
            login.EnsureSuccessStatusCode();
        }

        return http;
    }

    /// <summary>Starts a named explicit task that waits (three awaits deep) until cancelled.</summary>
    public Task StartSleeper(string name) => Monitor.Run(name, ct => KnownWorkload.OuterLoopAsync(ct));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
