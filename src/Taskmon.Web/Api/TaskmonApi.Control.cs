using Taskmon.Inspection;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

internal sealed partial class TaskmonApi
{
    /// <summary>How long a cancel request waits for the task to end before answering "requested, still running".</summary>
    internal static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(2);

    private async ValueTask<HttpResponse> CancelAsync(string idText, QueryParameters query, CancellationToken cancellationToken)
    {
        query.RejectUnknown();
        var id = ParseId(idText);
        var result = await _monitor.CancelAsync(id, CancelWait, cancellationToken).ConfigureAwait(false);
        var label = result.Name is null ? $"task {id}" : $"task {id} ({result.Name})";
        return result.Outcome switch
        {
            CancelOutcome.NotFound => Error(404, $"no live task {id}"),
            CancelOutcome.NotCancellable => Error(409, $"cannot cancel {label}: not started through Taskmon (discovered tasks have no token to cancel)"),
            CancelOutcome.Cancelled => Json(new CancelAnswer(result, $"Cancelled {label}"), TaskmonJsonContext.Default.CancelAnswer),
            _ => Json(new CancelAnswer(result, $"Cancellation requested for {label}, but it has not ended within {CancelWait.TotalSeconds:0} s: it may not honour its token"), TaskmonJsonContext.Default.CancelAnswer, 202),
        };
    }

    private TrackingStatus Tracking(QueryParameters query)
    {
        query.RejectUnknown();
        return _monitor.GetStatus();
    }

    private TrackingStatus SetTracking(QueryParameters query)
    {
        var enabled = query.Bool("enabled");
        var level = query.Choice("level", QueryVocabulary.DiscoveryLevels);
        var stacks = query.Choice("stacks", QueryVocabulary.CreationStackModes);
        query.RejectUnknown();
        if (enabled is not null && level is not null)
        {
            throw ApiException.BadRequest("give 'level' or 'enabled', not both");
        }

        if (enabled is null && level is null && stacks is null)
        {
            throw ApiException.BadRequest($"give 'level' ({QueryVocabulary.DiscoveryLevels.Choices}), or 'enabled' (true or false), and/or 'stacks' ({QueryVocabulary.CreationStackModes.Choices})");
        }

        if (stacks is { } mode)
        {
            _monitor.CreationStacks = mode;
        }

        if (enabled is { } on)
        {
            _monitor.DiscoveryEnabled = on;
        }

        if (level is { } asked)
        {
            _monitor.DiscoveryLevel = asked;
        }

        return _monitor.GetStatus();
    }
}
