namespace Taskmon.Commands;

/// <summary>A one-line outcome: shown with ✓ on success and ✗ on failure.</summary>
internal sealed record MessageResult(bool Ok, string Message) : CommandResult
{
    public override bool Success => Ok;

    public static MessageResult Done(string message) => new(true, message);

    public static MessageResult Error(string message) => new(false, message);
}
