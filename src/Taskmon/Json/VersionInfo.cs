namespace Taskmon.Json;

/// <summary>Answer of GET /api/version.</summary>
internal sealed record VersionInfo(string Product, string Version, string Runtime, bool NativeAot, int ProcessId, string ProcessName, DateTimeOffset ProcessStartedAt);
