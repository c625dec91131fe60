namespace Taskmon.Commands;

/// <summary>One OS thread of the process.</summary>
internal sealed record ThreadRow(int Id, string State, string? WaitReason, double CpuSeconds);
