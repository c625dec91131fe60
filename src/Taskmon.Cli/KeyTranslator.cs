using System.Text;

namespace Taskmon.Cli;

/// <summary>Turns a console key press into the bytes a VT terminal would send (works on Windows consoles too).</summary>
internal sealed class KeyTranslator
{
    private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();

    public byte[] Translate(ConsoleKeyInfo key)
    {
        var sequence = key.Key switch
        {
            ConsoleKey.UpArrow => "\x1b[A",
            ConsoleKey.DownArrow => "\x1b[B",
            ConsoleKey.RightArrow => "\x1b[C",
            ConsoleKey.LeftArrow => "\x1b[D",
            ConsoleKey.Home => "\x1b[H",
            ConsoleKey.End => "\x1b[F",
            ConsoleKey.Delete => "\x1b[3~",
            ConsoleKey.Backspace => "\x7f",
            ConsoleKey.Enter => "\r",
            ConsoleKey.Tab => "\t",
            _ => null,
        };
        if (sequence is not null)
        {
            return Encoding.ASCII.GetBytes(sequence);
        }

        if ((key.Modifiers & ConsoleModifiers.Control) != 0 && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z)
        {
            return [(byte)(key.Key - ConsoleKey.A + 1)];
        }

        if (key.KeyChar == '\0')
        {
            return [];
        }

        var chars = new[] { key.KeyChar };
        var bytes = new byte[8];
        var n = _utf8.GetBytes(chars, 0, 1, bytes, 0, flush: !char.IsHighSurrogate(key.KeyChar));
        return bytes[..n];
    }
}
