namespace Taskmon.Web.Http;

/// <summary>Turns a request into a response. Exceptions it throws are answered with 500 and logged, never rethrown.</summary>
internal interface IRequestHandler
{
    ValueTask<HttpResponse> HandleAsync(HttpRequest request, CancellationToken cancellationToken);
}
