using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Taskmon.AspNetCore;
using Taskmon.Hosting;

namespace Taskmon.WebApi;

/// <summary>The sample's whole setup, one method so the tests run the same app on a free port.</summary>
public static class SampleApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Taskmon: options from the "Taskmon" section (appsettings.json), the monitor started with the host.
        builder.Services.AddTaskmon();

        // OpenTelemetry: Taskmon's meter next to ASP.NET Core's own, scraped on /metrics; logs (Taskmon's
        // included) also go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT names one.
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(TaskMonitor.MeterName, "Microsoft.AspNetCore.Hosting")
                .AddPrometheusExporter())
            .WithLogging(logging =>
            {
                if (otlp)
                {
                    logging.AddOtlpExporter();
                }
            });

        // The app's own sign-in (a real service would use its OIDC or cookie login); "ops" may see the dashboard.
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = "/login";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy("ops", policy => policy.RequireRole("ops"));
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        builder.Services.AddHostedService<OrderWorker>();

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapPrometheusScrapingEndpoint();                            // GET /metrics
        app.MapTaskmon("/ops/taskmon").RequireAuthorization("ops");   // the dashboard, for operators only
        app.MapPost("/reports", StartReport);
        app.MapGet("/login", LoginForm);
        app.MapPost("/login", SignInAsync);
        return app;
    }

    /// <summary>Starts a monitored report that takes a while; the dashboard shows it and can cancel it.</summary>
    private static IResult StartReport(TaskMonitor monitor, int? seconds)
    {
        var duration = TimeSpan.FromSeconds(Math.Clamp(seconds ?? 30, 1, 3600));
        var report = monitor.Run("report", ct => Task.Delay(duration, ct));
        return Results.Accepted(value: new { started = "report", seconds = duration.TotalSeconds, done = report.IsCompleted });
    }

    private static IResult LoginForm() => Results.Content(
        """
        <!DOCTYPE html><title>Sign in</title>
        <form method="post" action="login"><label>Operator key <input name="key" type="password"></label> <button>Sign in</button></form>
        """,
        "text/html");

    /// <summary>Signs an operator in with the key from configuration (<c>Ops:Key</c>, e.g. the environment variable
    /// <c>Ops__Key</c>); without one configured nobody can sign in.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, IConfiguration configuration)
    {
        var form = await context.Request.ReadFormAsync();
        var expected = configuration["Ops:Key"];
        if (string.IsNullOrEmpty(expected) || form["key"] != expected)
        {
            return Results.Unauthorized();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, "ops")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(new ClaimsPrincipal(identity));
        return Results.Redirect("ops/taskmon/");   // relative: kept under a path base
    }
}
