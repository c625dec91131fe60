using System.Reflection;

namespace Taskmon.Inspection;

/// <summary>
/// Whose code a type is: the monitor's own (its tasks are hidden from lists unless asked), the framework's (its
/// frames are collapsed in stacks unless asked), or the app's ("user code").
/// </summary>
/// <remarks>
/// Decided by the declaring type's assembly name, never by a namespace prefix: an app may be called
/// <c>Taskmon.Demo</c>. The monitor is the assemblies <c>Taskmon</c>, <c>Taskmon.Web</c> and <c>Taskmon.Attach</c>,
/// exactly. Framework is everything else the app did not write: <c>System</c>, <c>System.*</c>, <c>Microsoft.*</c>,
/// <c>mscorlib</c>, <c>netstandard</c>, <c>WindowsBase</c>, test runners (<c>xunit*</c>, <c>testhost*</c>,
/// <c>NUnit*</c>, <c>MSTest*</c>) and the monitor itself. The entry assembly is always user code, whatever its name.
/// </remarks>
internal static class CodeOwners
{
    private static readonly string[] s_monitorAssemblies = ["Taskmon", "Taskmon.Web", "Taskmon.Attach"];

    private static readonly string[] s_frameworkExact = ["System", "mscorlib", "netstandard", "WindowsBase"];

    private static readonly string[] s_frameworkPrefixes = ["System.", "Microsoft."];

    // Only when no assembly is known (Native AOT frames): the declaring type's namespace.
    private static readonly string[] s_frameworkNamespaces = ["System.", "Microsoft.", "Xunit.", "Internal.", "Interop."];

    private static readonly string[] s_testRunnerPrefixes = ["xunit", "testhost", "NUnit", "nunit", "MSTest"];

    // The app's own executable, even when it is called Microsoft.Something; never a test runner's host.
    private static readonly string? s_entryAssembly = Assembly.GetEntryAssembly()?.GetName().Name is { } entry
        && !StartsWithAny(entry, s_testRunnerPrefixes) ? entry : null;

    /// <summary>Whether <paramref name="type"/> belongs to the monitor itself (its server and session loops).</summary>
    public static bool IsMonitor(Type? type) => type is not null && IsMonitorAssembly(type.Assembly.GetName().Name);

    /// <summary>Whether code of <paramref name="type"/> is the app's own ("user code").</summary>
    public static bool IsUser(Type? type)
    {
        if (type is null)
        {
            return false;
        }

        var name = type.Assembly.GetName().Name;
        return name is null || name == s_entryAssembly || !(IsMonitorAssembly(name) || IsFrameworkAssembly(name));
    }

    /// <summary>Whether a frame known only by its declaring type's full name (no assembly: Native AOT) is user code.</summary>
    public static bool IsUserTypeName(string? declaringTypeName)
    {
        if (string.IsNullOrEmpty(declaringTypeName))
        {
            return false;
        }

        return !StartsWithAny(declaringTypeName, s_frameworkNamespaces);
    }

    internal static bool IsMonitorAssembly(string? name) => name is not null && Array.IndexOf(s_monitorAssemblies, name) >= 0;

    internal static bool IsFrameworkAssembly(string name)
    {
        return Array.IndexOf(s_frameworkExact, name) >= 0 || StartsWithAny(name, s_frameworkPrefixes) || StartsWithAny(name, s_testRunnerPrefixes);
    }

    private static bool StartsWithAny(string name, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
