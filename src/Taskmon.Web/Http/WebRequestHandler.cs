using Taskmon.Web.Api;
using Taskmon.Web.Assets;

namespace Taskmon.Web.Http;

/// <summary>Every request: access check, then the JSON API under /api, then the embedded dashboard files.</summary>
internal sealed class WebRequestHandler : IRequestHandler
{
    private readonly AccessGuard _guard;
    private readonly TaskmonApi _api;
    private readonly StaticAssets _assets;

    public WebRequestHandler(AccessGuard guard, TaskmonApi api, StaticAssets assets)
    {
        _guard = guard;
        _api = api;
        _assets = assets;
    }

    public ValueTask<HttpResponse> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (_guard.Check(request) is { } refusal)
        {
            return ValueTask.FromResult(TaskmonApi.Error(refusal.Status, refusal.Reason));
        }

        if (request.Path == "/api" || request.Path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return _api.HandleAsync(request, cancellationToken);
        }

        if (request.Method is "GET" or "HEAD" && _assets.TryServe(request) is { } asset)
        {
            return ValueTask.FromResult(asset);
        }

        return ValueTask.FromResult(HttpResponse.Text(404, "not found"));
    }
}
