namespace Taskmon.Web.Http;

/// <summary>A request that cannot be served as HTTP; answered with <see cref="StatusCode"/> and the connection closed.</summary>
internal sealed class HttpProtocolException : Exception
{
    public HttpProtocolException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public HttpProtocolException() : this(400, "bad request") { }

    public HttpProtocolException(string message) : this(400, message) { }

    public HttpProtocolException(string message, Exception innerException) : base(message, innerException) => StatusCode = 400;

    public int StatusCode { get; }
}
