using System.Text;
using Slice.Cli;
using Slice.Execution;
using Slice.IO;
using Slice.Ranges;

namespace Slice;

/// <summary>
/// The whole program behind <c>Main</c>: parse, then explain / translate / generate, or run the plan
/// over every input. Errors become one line on stderr and an exit code, all decided here.
/// </summary>
internal sealed class SliceCommand(Output stdout, TextWriter stderr, Func<Source> openStdin)
{
    private const int DefaultBufferSize = 256 * 1024;

    public SliceExitCode Run(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            stderr.Write(HelpText.Render());
            return SliceExitCode.Usage;
        }

        SliceOptions options;
        try
        {
            options = OptionsValidator.Validate(ArgParser.Parse(args));
        }
        catch (HelpRequestedException request)
        {
            return WriteText(request.Version ? HelpText.Version() : HelpText.Render());
        }
        catch (UsageException error)
        {
            stderr.Write(error.Render());
            return SliceExitCode.Usage;
        }

        if (options.Generate is { } kind)
        {
            return WriteText(Generators.Render(kind));
        }

        RangeSpec range = options.Range!;
        if (options.Explain)
        {
            return WriteText(Explainer.Explain(range, options.Mode.Unit));
        }

        if (options.TranslateDialect is { } dialect)
        {
            return WriteText(Translator.Translate(range, options.Mode.Kind, dialect));
        }

        int bufferSize = options.IoBufferSize ?? DefaultBufferSize;
        RunContext context = new(SlicePlan.From(range), options.Mode, stdout, bufferSize, options.RecordLimit);
        return options.Files.Count == 0 ? RunStdin(context) : RunFiles(options, context);
    }

    private SliceExitCode RunStdin(RunContext context) => WriteGuarded(() =>
    {
        using Source source = openStdin();
        InputRunner.Run(source, context);
    });

    private SliceExitCode RunFiles(SliceOptions options, RunContext context)
    {
        bool headers = options.Files.Count > 1 && !options.Quiet;
        SliceExitCode result = SliceExitCode.Success;
        foreach (string path in options.Files)
        {
            try
            {
                using Source source = path == "-" ? openStdin() : Source.Open(path);
                if (headers)
                {
                    stdout.Write(Encoding.UTF8.GetBytes($"==> {path} <==\n"));
                }

                InputRunner.Run(source, context);
            }
            catch (BrokenPipeException)
            {
                return result;
            }
            catch (SliceRuntimeException error)
            {
                stdout.FlushQuietly();
                stderr.WriteLine($"slice: {path}: {error.Message}");
                result = SliceExitCode.Failure;
            }
        }

        try
        {
            stdout.Flush();
        }
        catch (BrokenPipeException)
        {
        }
        catch (SliceRuntimeException error)
        {
            stderr.WriteLine($"slice: {error.Message}");
            result = SliceExitCode.Failure;
        }

        return result;
    }

    private SliceExitCode WriteText(string text) => WriteGuarded(() => stdout.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>Runs one write to stdout and flushes it: a reader that went away is a quiet success, any other
    /// failure one line on stderr and exit 1.</summary>
    private SliceExitCode WriteGuarded(Action write)
    {
        try
        {
            write();
            stdout.Flush();
            return SliceExitCode.Success;
        }
        catch (BrokenPipeException)
        {
            return SliceExitCode.Success;
        }
        catch (SliceRuntimeException error)
        {
            stderr.WriteLine($"slice: {error.Message}");
            return SliceExitCode.Failure;
        }
    }
}
