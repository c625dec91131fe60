using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Taskmon.Web.Hosting;

/// <summary>Registers the web dashboard in a Generic Host or ASP.NET Core application.</summary>
public static class TaskmonWebServiceCollectionExtensions
{
    /// <summary>The configuration section read for <see cref="TaskmonWebOptions"/>: <c>Taskmon:Web</c>.</summary>
    public const string SectionName = "Taskmon:Web";

    /// <summary>
    /// Serves the dashboard and JSON API while the host runs, for the <see cref="TaskMonitor"/>
    /// registered by <c>AddTaskmon()</c> (call that too). Options come from the <c>Taskmon:Web</c>
    /// configuration section, then <paramref name="configure"/>. If the server cannot start (port
    /// taken, unsafe address) the reason is logged and the application runs on without it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTaskmonWeb(this IServiceCollection services, Action<TaskmonWebOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TaskmonWebOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(SectionName).Bind(options));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TaskmonWebHostedService>());
        return services;
    }
}
