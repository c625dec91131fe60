using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Taskmon.AspNetCore;

/// <summary>Mounts the Taskmon dashboard into an ASP.NET Core application's endpoint routing.</summary>
public static class TaskmonEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard, the JSON API (<c>PREFIX/api/...</c>) and the live event stream
    /// (<c>PREFIX/api/events</c>) under <paramref name="prefix"/>, for the <see cref="TaskMonitor"/>
    /// registered with <c>services.AddTaskmon()</c>. <c>PREFIX</c> without a trailing slash redirects
    /// to <c>PREFIX/</c>, so the page's relative links resolve (also under a path base).
    /// </summary>
    /// <remarks>
    /// The endpoints are open to whoever reaches the app unless the app restricts them: chain
    /// <c>.RequireAuthorization("ops")</c>, <c>.RequireHost(...)</c>, a rate limiter or a CORS policy
    /// as for any endpoint. State changes (cancel, tracking) are POSTs and are refused unless the
    /// browser says they come from the dashboard's own origin, the request's scheme and host as
    /// ASP.NET Core sees them (after <c>UseForwardedHeaders</c> behind a TLS proxy); clients that are
    /// not browsers (curl, scripts) send no origin and pass. There is no token here: the app's own
    /// authentication decides who gets in.
    /// </remarks>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">Where the dashboard lives, e.g. <c>/ops/taskmon</c>.</param>
    /// <returns>The endpoints' convention builder, for authorization, host, rate-limit and CORS rules.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddTaskmon()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapTaskmon(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var monitor = endpoints.ServiceProvider.GetService<TaskMonitor>()
            ?? throw new InvalidOperationException("MapTaskmon needs a TaskMonitor: call builder.Services.AddTaskmon() before building the app.");
        var endpoint = new TaskmonEndpoint(monitor, endpoints.ServiceProvider);
        var pattern = RoutePatternFactory.Parse(prefix.TrimEnd('/') + "/{**" + TaskmonEndpoint.PathParameter + "}");
        return endpoints.Map(pattern, endpoint.HandleAsync).WithDisplayName("Taskmon " + prefix);
    }
}
