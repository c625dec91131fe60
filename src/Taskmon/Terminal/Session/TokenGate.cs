using System.Security.Cryptography;
using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// Authentication of one session: with a configured token, nothing runs until the client sends it
/// (compared in constant time), and it must arrive within the token timeout.
/// </summary>
internal sealed class TokenGate(string? token, TimeSpan timeout)
{
    private readonly long _deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    /// <summary>True until the right token was given; false from the start without a token.</summary>
    public bool Pending { get; private set; } = !string.IsNullOrEmpty(token);

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Time left to send the token (zero once past the deadline).</summary>
    public TimeSpan Remaining => TimeSpan.FromMilliseconds(Math.Max(0, _deadline - Environment.TickCount64));

    /// <summary>Checks a token the client sent; opens the gate when it matches.</summary>
    public bool TryOpen(string given)
    {
        var expected = Encoding.UTF8.GetBytes(token ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(given.Trim())))
        {
            return false;
        }
        Pending = false;
        return true;
    }
}
