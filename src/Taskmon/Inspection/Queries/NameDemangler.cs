namespace Taskmon.Inspection;

/// <summary>
/// Demystifies compiler-generated names: <c>Ns.Type+&lt;Loop&gt;d__4.MoveNext</c> becomes <c>Ns.Type.Loop</c>,
/// <c>Ns.Type+&lt;&gt;c.&lt;Main&gt;b__0_0</c> becomes <c>Ns.Type.Main(lambda)</c>, local functions become
/// <c>Ns.Type.Main.Local</c>; generic arity markers are dropped.
/// </summary>
internal static class NameDemangler
{
    public static string OfMethod(Type? declaringType, string methodName) =>
        OfMethod(declaringType is null ? null : TypeName(declaringType), methodName);

    public static string OfMethod(string? declaringTypeName, string methodName)
    {
        var typeName = declaringTypeName is null ? string.Empty : Clean(declaringTypeName);

        // Peel compiler-generated nested types: state machines and closures.
        var suffix = string.Empty;
        while (true)
        {
            var lastDot = typeName.LastIndexOf('.');
            var last = lastDot < 0 ? typeName : typeName[(lastDot + 1)..];
            if (!last.StartsWith('<'))
            {
                break;
            }

            var inner = GeneratedOwner(last);
            typeName = lastDot < 0 ? string.Empty : typeName[..lastDot];
            if (inner.Length > 0 && methodName is "MoveNext" or "SetStateMachine")
            {
                methodName = inner;
            }
        }

        methodName = MemberName(methodName, ref suffix);
        return typeName.Length == 0 ? methodName + suffix : $"{typeName}.{methodName}{suffix}";
    }

    /// <summary>The user's method for a state machine type name like <c>&lt;Loop&gt;d__4</c> (or the name unchanged).</summary>
    public static string StateMachineMethod(string stateMachineName)
    {
        var owner = GeneratedOwner(stateMachineName);
        if (owner.Length == 0)
        {
            return stateMachineName;
        }

        var suffix = string.Empty;
        var name = MemberName(owner, ref suffix);
        return name + suffix;
    }

    public static string TypeName(Type type) => Clean(type.FullName ?? type.Name);

    /// <summary><c>&lt;Main&gt;b__0_0</c> → Main + "(lambda)"; <c>&lt;Main&gt;g__Local|0_0</c> → Main.Local.</summary>
    private static string MemberName(string methodName, ref string suffix)
    {
        // Nested generated names such as <<Main>b__0_0>d peel from the outside in.
        while (methodName.StartsWith('<'))
        {
            var close = MatchingClose(methodName);
            if (close < 0)
            {
                return methodName;
            }

            var owner = methodName[1..close];
            var rest = methodName[(close + 1)..];
            if (rest.StartsWith("g__", StringComparison.Ordinal))
            {
                var bar = rest.IndexOf('|', StringComparison.Ordinal);
                var local = bar < 0 ? rest[3..] : rest[3..bar];
                suffix = "." + local + suffix;
            }
            else if (rest.StartsWith("b__", StringComparison.Ordinal))
            {
                suffix = "(lambda)" + suffix;
            }

            methodName = owner;
        }

        return methodName;
    }

    private static string GeneratedOwner(string name)
    {
        if (!name.StartsWith('<'))
        {
            return string.Empty;
        }

        var close = MatchingClose(name);
        return close <= 1 ? string.Empty : name[1..close];
    }

    private static int MatchingClose(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '<')
            {
                depth++;
            }
            else if (name[i] == '>' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Clean(string typeName)
    {
        var bracket = typeName.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            typeName = typeName[..bracket];
        }

        typeName = typeName.Replace('+', '.');
        var tick = typeName.IndexOf('`', StringComparison.Ordinal);
        while (tick >= 0)
        {
            var end = tick + 1;
            while (end < typeName.Length && char.IsDigit(typeName[end]))
            {
                end++;
            }

            typeName = typeName.Remove(tick, end - tick);
            tick = typeName.IndexOf('`', StringComparison.Ordinal);
        }

        return typeName;
    }
}
