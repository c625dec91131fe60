using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Taskmon.Hosting;

namespace Taskmon.Web.Hosting;

/// <summary>Registers the web dashboard in a Generic Host or ASP.NET Core application.</summary>
public static class TaskmonWebServiceCollectionExtensions
{
    /// <summary>The configuration section read for <see cref="TaskmonWebOptions"/>: <c>Taskmon:Web</c>.</summary>
    public const string SectionName = "Taskmon:Web";

    /// <summary>
    /// Serves the dashboard and JSON API while the host runs, for the <see cref="TaskMonitor"/> of
    /// <c>AddTaskmon()</c>, which this adds with its defaults when the app has not. Options come from the
    /// <c>Taskmon:Web</c> configuration section, then <paramref name="configure"/>, and are validated when the
    /// host starts: a mistake (a port out of range, a non-loopback address without <c>AllowRemote</c> and a
    /// <c>Token</c>, an unknown key such as the old <c>AllowNonLoopback</c>) fails start-up naming the key. A port
    /// already taken is logged and the application runs on without the dashboard.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTaskmonWeb(this IServiceCollection services, Action<TaskmonWebOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(static d => d.ServiceType == typeof(TaskMonitor)))
        {
            services.AddTaskmon();
        }

        services.AddOptions<TaskmonWebOptions>()
            .BindConfiguration(SectionName, static binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TaskmonWebOptions>, TaskmonWebOptionsValidation>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TaskmonWebHostedService>());
        return services;
    }
}
