using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskmon.Hosting;

/// <summary>Registers Taskmon in a Generic Host or ASP.NET Core app.</summary>
public static class TaskmonServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="TaskMonitor"/> started with the host and stopped with it. Options come from the
    /// configuration section <c>Taskmon</c> (when an <see cref="IConfiguration"/> is registered), then from <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional code configuration, applied after the configuration section.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTaskmon(this IServiceCollection services, Action<TaskmonOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TaskmonOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                var configuration = provider.GetService<IConfiguration>();
                configuration?.GetSection(TaskmonOptions.SectionName).Bind(options);
            });
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static provider => TaskMonitor.Create(
            provider.GetRequiredService<IOptions<TaskmonOptions>>().Value,
            provider.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TaskmonHostedService>());
        return services;
    }
}
