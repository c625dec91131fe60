namespace Taskmon;

/// <summary>
/// Marks a method whose monitored tasks are persistent: their termination records go to the separate persistent
/// history (bounded by <see cref="Hosting.TaskmonOptions.PersistentHistoryCapacity"/>), and faults and cancellations
/// are logged. Put it on the async method (not the lambda): it applies to explicit tasks whose work is that method
/// and, with discovery on the JIT runtime, to its discovered tasks. Read once per method (JIT only: under Native AOT
/// the metadata is trimmed; use <c>persistent: true</c> there).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class PersistentTaskAttribute : Attribute
{
}
