namespace Taskmon;

/// <summary>
/// Marks a method whose monitored tasks are persistent: their termination records go to the separate persistent
/// history (bounded by <see cref="Hosting.TaskmonOptions.PersistentHistoryCapacity"/>), and faults and cancellations
/// are logged. Applies to the delegate passed to <see cref="TaskMonitor.Run(string, Func{CancellationToken, Task}, bool, CancellationToken, string, string, int)"/>
/// and, with discovery on the JIT runtime, to discovered async methods.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class PersistentTaskAttribute : Attribute
{
    internal static bool IsOn(Delegate work) => work.Method.IsDefined(typeof(PersistentTaskAttribute), inherit: false);
}
