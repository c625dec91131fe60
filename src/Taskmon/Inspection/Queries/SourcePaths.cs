using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>
/// Shortens source paths (relative to the source root when under it, else the last two segments) and keeps one
/// <see cref="CreationSite"/> per call site, so tasks started from the same line share it.
/// </summary>
internal sealed class SourcePaths(string? root)
{
    private readonly string? _root = string.IsNullOrEmpty(root) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    private const int MaxCached = 4096;
    private readonly BoundedCache<string, string> _shortened = new(MaxCached, SourceKeyComparer.Instance);
    private readonly BoundedCache<(string Key, int Line), CreationSite> _sites = new(MaxCached, SourceKeyComparer.Instance);

    /// <summary>The creation site of a call at <paramref name="file"/>:<paramref name="line"/> in <paramref name="member"/>.</summary>
    public CreationSite Site(string member, string file, int line)
    {
        var site = _sites.GetOrAdd((file, line), (paths: this, member), static (key, state) =>
            new CreationSite { Member = state.member, File = state.paths.Shorten(key.Key), Line = key.Line });

        // One line holding two members (a lambda on its caller's line): the second gets its own, uncached.
        return site.Member == member ? site : new CreationSite { Member = member, File = Shorten(file), Line = line };
    }

    public string Shorten(string path) => _shortened.GetOrAdd(path, this, static (path, paths) => paths.Compute(path));

    private string Compute(string path)
    {
        if (path.Length == 0)
        {
            return path;
        }

        if (_root is not null && path.StartsWith(_root, StringComparison.Ordinal) && path.Length > _root.Length + 1
            && (path[_root.Length] == '/' || path[_root.Length] == '\\'))
        {
            return path[(_root.Length + 1)..];
        }

        var last = LastSeparator(path, path.Length - 1);
        if (last <= 0)
        {
            return path;
        }

        var previous = LastSeparator(path, last - 1);
        return previous < 0 ? path : path[(previous + 1)..];
    }

    private static int LastSeparator(string path, int from)
    {
        for (var i = from; i >= 0; i--)
        {
            if (path[i] is '/' or '\\')
            {
                return i;
            }
        }

        return -1;
    }
}
