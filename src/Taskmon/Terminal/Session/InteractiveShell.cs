using System.Text;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>
/// The interactive loop of a session once it is open: greeting and prompt, server-side line editing
/// for telnet clients, TAB completion, running a command line and showing its result, and results
/// that arrive later (notifications) drawn above the prompt.
/// </summary>
internal sealed class InteractiveShell(SessionHost host, SessionConnection connection)
{
    private const int MaxShownCompletions = 10;

    private readonly Lock _gate = new();
    private readonly LineEditor _editor = new(host.Prompt);
    private string? _lastCommand;
    private bool _closed;
    private TopScreen? _top;

    public void Welcome()
    {
        connection.Write($"{host.Greeting()}\nType help for the commands, TAB to complete, exit or Ctrl-D to leave.\n");
        Prompt();
    }

    public void Prompt()
    {
        lock (_gate)
        {
            if (connection.CanRedraw)
            {
                var echo = new StringBuilder();
                _editor.Redraw(echo);
                connection.WriteRaw(echo.ToString());
            }
            else
            {
                connection.WriteRaw(_editor.Prompt);
            }
        }
    }

    /// <summary>
    /// Applies one key of a telnet client; returns the line when Enter submitted one. With
    /// <paramref name="echo"/> false (a token being typed) nothing is shown.
    /// </summary>
    public (EditAction Action, string? Line) Apply(Key key, bool echo)
    {
        if (_top is { } top)
        {
            if (top.OnKey(key))
            {
                return (EditAction.None, null);
            }

            _top = null;
            if (top.EndSession)
            {
                return (EditAction.EndOfInput, null);
            }

            Prompt();
            return (EditAction.None, null);
        }

        var shown = new StringBuilder();
        EditAction action;
        string? line = null;
        lock (_gate)
        {
            action = _editor.Apply(key, shown);
            if (action == EditAction.Submit)
            {
                line = _editor.TakeLine();
            }
        }
        if (connection.CanRedraw && echo)
        {
            connection.WriteRaw(shown.ToString());
        }

        switch (action)
        {
            case EditAction.Complete when echo:
                Complete();
                break;
            case EditAction.Interrupt:
                lock (_gate)
                {
                    _editor.Clear();
                }
                connection.Write("^C\n(Ctrl-C clears the line; type exit or press Ctrl-D to leave)\n");
                Prompt();
                break;
            case EditAction.EndOfInput:
                connection.Write("\nBye.\n");
                break;
        }
        return (action, line);
    }

    /// <summary>Runs one command line and shows its result; returns true when the command ends the session.</summary>
    public async Task<bool> RunAsync(string line, CancellationToken cancellationToken)
    {
        if (line.Trim().Length == 0)
        {
            if (connection.Mode != SessionMode.Telnet || _lastCommand is null)
            {
                Prompt();
                return false;
            }
            line = _lastCommand; // an empty line repeats the last command, as in aiomonitor
        }
        else
        {
            _lastCommand = line;
        }

        var outcome = await host.Catalog.ExecuteAsync(line, Context(), cancellationToken).ConfigureAwait(false);
        if (outcome.Result is TopScreenRequest request && connection.CanRedraw)
        {
            // The screen belongs to top until it quits: keys go to it (Apply), the prompt comes back after.
            _top = new TopScreen(request, connection);
            _top.Start();
            return false;
        }

        await ShowAsync(outcome.Result, cancellationToken).ConfigureAwait(false);
        if (outcome.Result is ExitResult)
        {
            return true;
        }
        Prompt();
        return false;
    }

    /// <summary>Shows a result in full, streaming it when large.</summary>
    public Task ShowAsync(CommandResult result, CancellationToken cancellationToken) =>
        connection.WriteStreamingAsync(connection.Telnetize(TextRenderer.Render(result, connection.Width)), cancellationToken);

    /// <summary>No notification is shown after this.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _top?.Stop();
    }

    /// <summary>The client's window changed size (NAWS): a full-screen view redraws.</summary>
    public void Resized() => _top?.Resized();

    public CommandContext Context() => new()
    {
        Width = connection.Width,
        Notify = Notify,
        Stream = ShowAsync,
        Interactive = connection.Mode == SessionMode.Telnet,
        FullScreen = connection.CanRedraw,
    };

    /// <summary>Shows a result that arrives later (e.g. a cancellation finished), above the prompt line.</summary>
    private void Notify(CommandResult result) => connection.AfterStreaming(() =>
    {
        lock (_gate)
        {
            if (_closed || _top is not null)
            {
                return; // nothing is drawn over a full-screen view
            }
            var text = TextRenderer.Render(result, connection.Width);
            if (connection.CanRedraw)
            {
                connection.WriteRaw("\r\x1b[K");
                connection.Write(text);
                var echo = new StringBuilder();
                _editor.Redraw(echo);
                connection.WriteRaw(echo.ToString());
            }
            else
            {
                connection.Write("\n" + text);
            }
        }
    });


    private void Complete()
    {
        if (!connection.CanRedraw)
        {
            return;
        }
        string line;
        int cursor;
        lock (_gate)
        {
            line = _editor.Text;
            cursor = _editor.Cursor;
        }
        var completion = host.Catalog.Complete(line, cursor);
        var items = completion.Items;
        var word = line[completion.Start..cursor];
        var echo = new StringBuilder();
        lock (_gate)
        {
            if (items.Count == 0)
            {
                echo.Append('\a');
            }
            else if (items.Count == 1)
            {
                _editor.ReplaceBeforeCursor(completion.Start, items[0] + " ", echo);
            }
            else
            {
                var prefix = CommonPrefix(items);
                if (prefix.Length > word.Length)
                {
                    _editor.ReplaceBeforeCursor(completion.Start, prefix, echo);
                }
                echo.Append("\r\n");
                echo.Append(string.Join("  ", items.Take(MaxShownCompletions)));
                if (items.Count > MaxShownCompletions)
                {
                    echo.Append($"  … and {items.Count - MaxShownCompletions} more");
                }
                echo.Append("\r\n");
                _editor.Redraw(echo);
            }
        }
        connection.WriteRaw(echo.ToString());
    }

    private static string CommonPrefix(IReadOnlyList<string> items)
    {
        var prefix = items[0];
        foreach (var item in items)
        {
            var n = 0;
            while (n < prefix.Length && n < item.Length && prefix[n] == item[n])
            {
                n++;
            }
            prefix = prefix[..n];
        }
        return prefix;
    }
}
