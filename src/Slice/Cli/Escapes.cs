using System.Text;

namespace Slice.Cli;

/// <summary>The <c>--escape</c> forms: <c>\t \n \r \0 \\ \xHH</c>; anything else is an error.</summary>
internal static class Escapes
{
    public static byte[] Expand(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        List<byte> output = new(bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b != (byte)'\\')
            {
                output.Add(b);
                continue;
            }

            if (++i >= bytes.Length)
            {
                throw new FormatException("trailing backslash in delimiter");
            }

            switch ((char)bytes[i])
            {
                case 'n': output.Add((byte)'\n'); break;
                case 'r': output.Add((byte)'\r'); break;
                case 't': output.Add((byte)'\t'); break;
                case '0': output.Add(0); break;
                case '\\': output.Add((byte)'\\'); break;
                case 'x':
                    if (i + 2 >= bytes.Length)
                    {
                        throw new FormatException("`\\x` needs two hex digits");
                    }

                    char hi = (char)bytes[i + 1];
                    char lo = (char)bytes[i + 2];
                    if (!char.IsAsciiHexDigit(hi) || !char.IsAsciiHexDigit(lo))
                    {
                        throw new FormatException($"invalid hex escape `\\x{hi}{lo}`");
                    }

                    output.Add((byte)((Convert.ToInt32(hi.ToString(), 16) << 4) | Convert.ToInt32(lo.ToString(), 16)));
                    i += 2;
                    break;
                default:
                    throw new FormatException($"unknown escape sequence `\\{(char)bytes[i]}`");
            }
        }

        return [.. output];
    }
}
