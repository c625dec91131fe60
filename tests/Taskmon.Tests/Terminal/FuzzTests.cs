using System.Text;
using Taskmon.Commands;
using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

/// <summary>
/// Random input, in process and fast: nothing escapes as an exception, state stays bounded. Runs in
/// the collection that runs alone, because its memory check reads the whole process's heap.
/// </summary>
[Trait("tier", "fast")]
[Collection(Taskmon.Tests.Support.MonitorCollection.Name)]
public sealed class FuzzTests
{
    private const int Inputs = 100_000;

    private sealed class Pipeline : ITelnetHandler
    {
        public readonly KeyDecoder Keys = new();
        public readonly LineEditor Editor = new("> ");
        public readonly List<Key> Pending = [];
        public readonly StringBuilder Echo = new();
        public int Lines;

        public void OnData(byte value) => Keys.Feed(value, Pending);
        public void OnNegotiation(byte verb, byte option) { }
        public void OnSubnegotiation(byte option, ReadOnlySpan<byte> payload) => Assert.True(payload.Length <= TelnetDecoder.MaxSubnegotiation);
        public void OnCommand(byte command) { }

        public void Drain()
        {
            foreach (var key in Pending)
            {
                if (Editor.Apply(key, Echo) == EditAction.Submit)
                {
                    Editor.TakeLine();
                    Lines++;
                }
            }
            Pending.Clear();
            Echo.Clear();
        }
    }

    [Fact]
    public void The_telnet_key_and_line_decoders_survive_random_bytes()
    {
        var random = new Random(20101);
        var pipeline = new Pipeline();
        var telnet = new TelnetDecoder();
        var buffer = new byte[96];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Inputs; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            // Bias towards the interesting bytes: IAC, ESC, CR/LF, control keys.
            for (var j = 0; j < length; j += random.Next(1, 6))
            {
                buffer[j] = (byte)(random.Next(6) switch { 0 => 255, 1 => 27, 2 => 13, 3 => (byte)'[', 4 => random.Next(32), _ => buffer[j] });
            }
            telnet.Feed(buffer.AsSpan(0, length), pipeline);
            pipeline.Drain();
            Assert.True(pipeline.Editor.Text.Length <= LineEditor.MaxLine);
            Assert.True(pipeline.Editor.History.Count <= LineEditor.MaxHistory);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(pipeline.Lines > 1000, "random input should submit lines too");
        Assert.True(after - before < 8 * 1024 * 1024, $"memory grew by {after - before} bytes");
    }

    [Fact]
    public void The_command_parser_and_completer_survive_random_lines()
    {
        var catalog = TerminalFactory.CreateCatalog(new TerminalOptions(), [new ThreadPoolCommand()]);
        string[] words = ["ps", "p", "where", "w", "cancel", "pst", "wt", "help", "?", "threadpool", "tp", "signal", "tracking", "stacktrace", "exit",
            "-f", "--filter", "--sort", "--limit", "--tree", "--help", "-h", "--sample", "--", "\"", "'", "\\", "42", "-1", "99999999999999999999", "t1a",
            "é", "✓", "\t", "\0", "\x1b[A", "{", "}", "[", "]", "@", "@taskmon", "--sample=5", "-p", "on", "off", "TERM"];
        var random = new Random(4);
        var line = new StringBuilder();
        var resolved = 0;
        for (var i = 0; i < Inputs; i++)
        {
            line.Clear();
            var count = random.Next(6);
            for (var w = 0; w < count; w++)
            {
                if (random.Next(5) == 0)
                {
                    for (var c = random.Next(8); c > 0; c--)
                    {
                        line.Append((char)random.Next(1, 0x3000));
                    }
                }
                else
                {
                    line.Append(words[random.Next(words.Length)]);
                }
                line.Append(random.Next(4) == 0 ? "" : " ");
            }
            var text = line.ToString();
            var (handler, parse, early) = catalog.Resolve(text);
            Assert.True(handler is not null && parse is not null || early is not null);
            if (handler is not null)
            {
                resolved++;
            }
            if (i % 4 == 0)
            {
                var completion = catalog.Complete(text, random.Next(text.Length + 1));
                Assert.InRange(completion.Start, 0, text.Length);
            }
        }
        Assert.True(resolved > 100, "some random lines should be valid commands");
        Assert.NotNull(catalog.Resolve(new string('x', CommandCatalog.MaxLine + 1)).Early);
    }
}
