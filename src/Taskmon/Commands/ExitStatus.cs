namespace Taskmon.Commands;

/// <summary>Exit status of one command, as the one-shot client returns it.</summary>
internal enum ExitStatus
{
    Success = 0,
    Failed = 1,
    Usage = 2,
}
