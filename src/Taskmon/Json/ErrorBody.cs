namespace Taskmon.Json;

/// <summary>Body of every non-2xx API answer: <c>{"status":404,"error":"no live task 42"}</c>.</summary>
internal sealed record ErrorBody(int Status, string Error);
