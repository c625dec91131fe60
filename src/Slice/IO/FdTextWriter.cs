using System.Runtime.InteropServices;
using System.Text;

namespace Slice.IO;

/// <summary>
/// A TextWriter straight onto a file descriptor (stderr): UTF-8, unbuffered, no Console
/// initialisation at start-up. Write failures are ignored: there is nowhere left to report them.
/// </summary>
internal sealed unsafe class FdTextWriter(int fd) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* start = bytes)
        {
            byte* p = start;
            nint left = bytes.Length;
            while (left > 0)
            {
                nint n = Native.Write(fd, p, left);
                if (n < 0 && Marshal.GetLastPInvokeError() == Native.EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return;
                }

                p += n;
                left -= n;
            }
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");
}
