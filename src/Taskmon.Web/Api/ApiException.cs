namespace Taskmon.Web.Api;

/// <summary>An expected API error (bad parameter, unknown id, conflict): answered as JSON with its status code.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public ApiException() : this(400, "bad request") { }

    public ApiException(string message) : this(400, message) { }

    public ApiException(string message, Exception innerException) : base(message, innerException) => StatusCode = 400;

    public int StatusCode { get; }

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException NotFound(string message) => new(404, message);

    public static ApiException Conflict(string message) => new(409, message);
}
