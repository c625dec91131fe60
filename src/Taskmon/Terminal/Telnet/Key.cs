namespace Taskmon.Terminal;

/// <summary>One decoded key: a kind, and the character for <see cref="KeyKind.Char"/>.</summary>
internal readonly record struct Key(KeyKind Kind, char Char = '\0')
{
    public static Key Of(KeyKind kind) => new(kind);
}
