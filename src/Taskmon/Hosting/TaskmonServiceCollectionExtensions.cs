using System.Diagnostics.Metrics;
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
    /// configuration section <c>Taskmon</c> (the host's <see cref="IConfiguration"/>), then from <paramref name="configure"/>;
    /// they are validated when the host starts: a mistake (a value out of range, a non-loopback terminal address without
    /// <c>AllowRemote</c> and a <c>Token</c>) fails start-up with an <see cref="OptionsValidationException"/> naming the key.
    /// A terminal port already taken is only logged: the application runs on.
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
                // Bound through LegacyDiscoverySection rather than BindConfiguration: "Discovery": true/false, from when
                // discovery was a switch, still reads as Full/Off (the generated binder would reject it as a level).
                if (provider.GetService<IConfiguration>() is { } configuration)
                {
                    new LegacyDiscoverySection(configuration.GetSection(TaskmonOptions.SectionName)).Bind(options);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TaskmonOptions>, TaskmonOptionsValidation>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static provider => TaskMonitor.Create(
            provider.GetRequiredService<IOptions<TaskmonOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TaskmonHostedService>());
        return services;
    }
}
