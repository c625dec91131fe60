using System.Diagnostics;

namespace Slice.Tests.Support;

/// <summary>
/// Runs the real <c>slice</c> executable: the apphost built next to src/Slice (same configuration as
/// the tests), or the binary named by SLICE_BIN (e.g. the static AOT build).
/// </summary>
public static class SliceProcess
{
    private static readonly Lazy<string> Binary = new(Locate);

    public static string Path => Binary.Value;

    /// <summary>Runs with stdin from a pipe fed these bytes (null: an empty pipe).</summary>
    public static SliceResult Run(byte[]? stdin, params string[] args) => Start(Path, args, stdin, null);

    /// <summary>Runs with stdin redirected from a file, as <c>slice ... &lt; file</c> (seekable stdin).</summary>
    public static SliceResult RunWithStdinFile(string stdinFile, params string[] args)
    {
        string[] shellArgs = ["-c", "exec \"$0\" \"$@\" < \"$SLICE_STDIN\"", Path, .. args];
        return Start("/bin/sh", shellArgs, null, new Dictionary<string, string> { ["SLICE_STDIN"] = stdinFile });
    }

    /// <summary>Runs a bash snippet with $SLICE set to the binary (pipelines, yes, /dev/full).</summary>
    public static SliceResult Shell(string script, string? workingDirectory = null) =>
        Start("/bin/bash", ["-c", script], null, new Dictionary<string, string> { ["SLICE"] = Path }, workingDirectory);

    public static SliceResult RunIn(string workingDirectory, params string[] args) => Start(Path, args, null, null, workingDirectory);

    /// <summary>
    /// Runs a bash snippet (with $SLICE) whose output is too large to keep: it streams into
    /// <paramref name="digest"/> and the result's Stdout stays empty. Gigabyte runs get five minutes.
    /// </summary>
    public static SliceResult Shell(string script, OutputDigest digest) =>
        Start("/bin/bash", ["-c", script], null, new Dictionary<string, string> { ["SLICE"] = Path }, null, digest, timeoutMs: 300_000);

    private static SliceResult Start(
        string file, string[] args, byte[]? stdin, Dictionary<string, string>? env, string? workingDirectory = null, OutputDigest? digest = null, int timeoutMs = 60_000)
    {
        ProcessStartInfo info = new(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (env is not null)
        {
            foreach ((string key, string value) in env)
            {
                info.Environment[key] = value;
            }
        }

        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        MemoryStream stdout = new();
        Task copy = digest is null ? process.StandardOutput.BaseStream.CopyToAsync(stdout) : digest.ConsumeAsync(process.StandardOutput.BaseStream);
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.BaseStream.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // slice may stop reading early (bounded ranges): a closed pipe is expected.
        }

        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"slice {string.Join(' ', args)} did not exit");
        }

        copy.Wait();
        return new SliceResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SLICE_BIN") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "DebugTools.slnx")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        if (directory is null)
        {
            throw new InvalidOperationException("repository root (DebugTools.slnx) not found above the test assembly");
        }

#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        string binary = System.IO.Path.Combine(directory, "src", "Slice", "bin", configuration, "net10.0", "slice");
        return File.Exists(binary) ? binary : throw new FileNotFoundException("build src/Slice first", binary);
    }
}
