using System.Net;
using System.Net.Sockets;
using System.Text;
using Taskmon.Web.Http;
using Taskmon.Web.Tests.Support;
using HttpProtocolException = Taskmon.Web.Http.HttpProtocolException;

namespace Taskmon.Web.Tests;

/// <summary>
/// Seeded, deterministic fuzzing of the HTTP reader: valid requests mutated (bytes flipped, inserted,
/// deleted, lines doubled, truncated, spliced, framing headers replaced, huge heads), fed through the
/// reader in random-sized pieces and through a real socket to a real server. Whatever arrives, the
/// answer is a request, a clean end or a 4xx refusal; never another exception, a 500 or a stall.
/// </summary>
[Trait("tier", "system")]
public sealed class HttpReaderFuzzTests
{
    private static readonly string[] Seeds =
    [
        "GET /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /api/tasks?limit=5&filter=fuzz%20me&sort=age HTTP/1.1\r\nHost: localhost:8080\r\nAccept: application/json\r\n\r\n",
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: \"abc\"\r\nConnection: keep-alive\r\n\r\n",
        "POST /api/tasks/999999/cancel HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /api/tracking?stacks=perSite HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
        "GET /app.js HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET /api/terminated?outcome=faulted&limit=2 HTTP/1.1\r\nHost: [::1]:20102\r\nSec-Fetch-Site: same-origin\r\n\r\n",
    ];

    private static readonly string[] HostileValues =
    [
        "+1", "-1", "0x10", "1,1", "1 1", "", " ", "99999999999999999999", "١٢", "\t5", "5\u0000", "%00", "chunked", "null",
    ];

    private static readonly int[] RefusalStatuses = [400, 411, 413, 431];

    private static byte[] Mutate(Random random)
    {
        var request = new List<byte>(Encoding.Latin1.GetBytes(Seeds[random.Next(Seeds.Length)]));
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            switch (random.Next(10))
            {
                case 0: // flip bytes
                    for (var i = random.Next(1, 6); i > 0 && request.Count > 0; i--)
                        request[random.Next(request.Count)] = (byte)random.Next(256);
                    break;
                case 1: // insert separators and controls
                    {
                        byte[] specials = [(byte)':', (byte)' ', (byte)'\r', (byte)'\n', 0, (byte)'%', 0x85, 0xff, (byte)'\t', (byte)'?', (byte)'/'];
                        for (var i = random.Next(1, 6); i > 0; i--)
                            request.Insert(random.Next(request.Count + 1), specials[random.Next(specials.Length)]);
                        break;
                    }
                case 2: // delete a range
                    if (request.Count > 2)
                    {
                        var at = random.Next(request.Count - 1);
                        request.RemoveRange(at, random.Next(1, Math.Min(20, request.Count - at)));
                    }
                    break;
                case 3: // double a line
                    {
                        var lines = Encoding.Latin1.GetString([.. request]).Split("\r\n").ToList();
                        var pick = random.Next(lines.Count);
                        lines.Insert(pick, lines[pick]);
                        request = [.. Encoding.Latin1.GetBytes(string.Join("\r\n", lines))];
                        break;
                    }
                case 4: // truncate
                    request = request.Take(random.Next(request.Count + 1)).ToList();
                    break;
                case 5: // a framing or addressing header with a hostile value
                    {
                        var name = new[] { "Content-Length", "Host", "Transfer-Encoding", "content-length", "CONTENT-LENGTH", "Content-Length " }[random.Next(6)];
                        var line = Encoding.Latin1.GetBytes($"{name}: {HostileValues[random.Next(HostileValues.Length)]}\r\n");
                        var text = Encoding.Latin1.GetString([.. request]);
                        var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
                        request.InsertRange(firstLineEnd < 0 ? request.Count : firstLineEnd + 2, line);
                        break;
                    }
                case 6: // huge header value or many headers
                    {
                        var text = Encoding.Latin1.GetString([.. request]);
                        var firstLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
                        var extra = random.Next(2) == 0
                            ? $"X-Big: {new string('a', random.Next(8_000, 40_000))}\r\n"
                            : string.Concat(Enumerable.Range(0, random.Next(50, 120)).Select(i => $"X-{i}: v\r\n"));
                        request.InsertRange(firstLineEnd < 0 ? request.Count : firstLineEnd + 2, Encoding.Latin1.GetBytes(extra));
                        break;
                    }
                case 7: // percent garbage in the target
                    {
                        var garbage = new[] { "%", "%z", "%zz", "%c0%af", "%00", "%0d%0a", "%ff%fe", "%%%", "%2F..%2F", "?a=%&b=%zz&=&&" }[random.Next(10)];
                        var at = Encoding.Latin1.GetString([.. request]).IndexOf(' ', StringComparison.Ordinal);
                        request.InsertRange(at < 0 ? 0 : at + 2, Encoding.Latin1.GetBytes(garbage));
                        break;
                    }
                case 8: // pipeline another request
                    request.AddRange(Encoding.Latin1.GetBytes(Seeds[random.Next(Seeds.Length)]));
                    break;
                default: // splice two requests
                    {
                        var other = Encoding.Latin1.GetBytes(Seeds[random.Next(Seeds.Length)]);
                        var cut = random.Next(request.Count + 1);
                        request = [.. request.Take(cut), .. other.Skip(random.Next(other.Length))];
                        break;
                    }
            }
        }
        return [.. request];
    }

    /// <summary>How often a framing or addressing header occurs in the first head, and whether every Content-Length is plain digits.</summary>
    private static (int ContentLengths, int Hosts, bool LengthsAreDigits) FirstHeadFraming(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return (0, 0, true);
        var lengths = 0;
        var hosts = 0;
        var digits = true;
        foreach (var line in text[..end].Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (name == "content-length")
            {
                lengths++;
                digits &= value.Length > 0 && value.All(char.IsAsciiDigit);
            }
            if (name == "host") hosts++;
        }
        return (lengths, hosts, digits);
    }

    [Fact]
    public async Task ThousandsOfMutatedRequestsThroughTheReaderEndInARequestOrARefusal()
    {
        var random = new Random(20101);
        var failures = new List<string>();
        var refused = 0;
        var accepted = 0;
        for (var n = 0; n < 5000 && failures.Count < 5; n++)
        {
            var input = Mutate(random);
            var reader = new HttpRequestReader(new TrickleStream(input, new Random(n)));
            var framing = FirstHeadFraming(input);
            try
            {
                for (var i = 0; i < 8; i++)
                {
                    var request = await reader.ReadAsync(CancellationToken.None);
                    if (request is null) break;
                    accepted++;
                    if (i == 0 && (framing.ContentLengths > 1 || framing.Hosts > 1 || !framing.LengthsAreDigits))
                        failures.Add($"#{n}: ambiguous framing accepted: {Show(input)}");
                    if (!request.Path.StartsWith('/') || request.Method.Length == 0 || request.Method.Any(c => c <= ' ' || c >= '\u007f'))
                        failures.Add($"#{n}: accepted a malformed request line ({request.Method} {request.Path}): {Show(input)}");
                    if (request.Headers.Values.Any(v => v.Any(c => c is '\r' or '\n' or '\0')))
                        failures.Add($"#{n}: a header value kept a line break or NUL: {Show(input)}");
                }
            }
            catch (HttpProtocolException ex) when (RefusalStatuses.Contains(ex.StatusCode))
            {
                refused++;
            }
            catch (Exception ex)
            {
                failures.Add($"#{n}: {ex.GetType().Name}: {ex.Message}: {Show(input)}");
            }
        }
        Assert.Empty(failures);
        // The corpus exercises both sides: many refusals and many accepted requests.
        Assert.True(refused > 1000 && accepted > 1000, $"refused {refused}, accepted {accepted}");
    }

    [Fact]
    public async Task MutatedRequestsOverARealSocketGetAWellFormedAnswerAndTheServerServesOn()
    {
        var log = new ListLogger();
        await using var app = TestApp.Start(webLog: log);
        _ = app.StartSleeper("fuzz-bystander");
        var random = new Random(20102);
        var statusLine = new System.Text.RegularExpressions.Regex(@"^HTTP/1\.1 (\d{3}) [^\r\n]*\r\n");
        var failures = new List<string>();
        for (var n = 0; n < 1500 && failures.Count < 5; n++)
        {
            var input = Mutate(random);
            var answer = await ExchangeAsync(app.BaseAddress.Port, input);
            if (answer is null)
            {
                failures.Add($"#{n}: no answer and no close within 10 s: {Show(input)}");
                continue;
            }
            if (answer.Length == 0) continue;
            var match = statusLine.Match(answer);
            if (!match.Success || !answer.Contains("\r\n\r\n", StringComparison.Ordinal))
                failures.Add($"#{n}: malformed answer '{Show(Encoding.Latin1.GetBytes(answer[..Math.Min(200, answer.Length)]))}' to {Show(input)}");
            else if (match.Groups[1].Value.StartsWith('5'))
                failures.Add($"#{n}: {match.Groups[1].Value} for {Show(input)}");
        }
        Assert.Empty(failures);
        Assert.DoesNotContain(log.Lines, l => l.Contains("fault", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetJsonAsync("/api/counts")).Status);
        Assert.Contains(app.Monitor.GetTasks().Items, i => i.Task.Name == "fuzz-bystander");
    }

    /// <summary>Sends the bytes, ends the sending side and reads until the server closes: null when it neither answers nor closes in time.</summary>
    private static async Task<string?> ExchangeAsync(int port, byte[] input)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var received = new MemoryStream();
        try
        {
            await socket.SendAsync(input, SocketFlags.None, timeout.Token);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            // Refused and closed before everything was sent or read: what arrived counts.
        }
        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static string Show(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input, 0, Math.Min(input.Length, 300));
        return LogText.Escape(text) + (input.Length > 300 ? $"... ({input.Length} bytes)" : "");
    }

    /// <summary>Hands out the input in random pieces of 1 to 64 bytes, as a slow or fragmenting network would.</summary>
    private sealed class TrickleStream(byte[] input, Random random) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => input.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, random.Next(1, 65)), input.Length - _position);
            Array.Copy(input, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(Math.Min(buffer.Length, random.Next(1, 65)), input.Length - _position);
            input.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
