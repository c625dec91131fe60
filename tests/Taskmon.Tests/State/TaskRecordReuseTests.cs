using System.Reflection;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tests.State;

[Trait("tier", "fast")]
public sealed class TaskRecordReuseTests
{
    /// <summary>
    /// Discovery's drain reuses records of short tasks: a reused record must be exactly a new one. Every field (a field
    /// added later too) is set to something else first, then reuse must leave each as the constructor does.
    /// </summary>
    [Fact]
    public void A_reused_record_equals_a_new_one_in_every_field()
    {
        var fields = typeof(TaskRecord).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.True(fields.Length > 20, $"only {fields.Length} fields found");
        var used = new TaskRecord(1, TaskOrigin.Explicit, "old", 2);
        foreach (var field in fields)
        {
            field.SetValue(used, Other(field.FieldType));
        }

        used.Reuse(7, TaskOrigin.Discovered, "new", 9);

        var fresh = new TaskRecord(7, TaskOrigin.Discovered, "new", 9);
        Assert.All(fields, field => Assert.True(Equals(field.GetValue(fresh), field.GetValue(used)), $"{field.Name}: {field.GetValue(used)} after reuse, {field.GetValue(fresh)} new"));
    }

    private static object Other(Type type) => type switch
    {
        _ when type == typeof(long) => 42L,
        _ when type == typeof(int) => 42,
        _ when type == typeof(ulong) => 42UL,
        _ when type == typeof(bool) => true,
        _ when type == typeof(string) => "set",
        _ when type == typeof(TaskOrigin) => TaskOrigin.Explicit,
        _ when type == typeof(TaskRecord) => new TaskRecord(3, TaskOrigin.Discovered, "shadowed", 4),
        _ when type == typeof(Type) => typeof(TaskRecordReuseTests),
        _ when type == typeof(CreationSite) => new CreationSite { Member = "m", File = "f", Line = 1 },
        _ when type == typeof(StackFrameInfo[]) => Array.Empty<StackFrameInfo>(),
        _ when type == typeof(Delegate) => new Action(() => { }),
        _ when type == typeof(CancellationTokenSource) => new CancellationTokenSource(),
        _ when type == typeof(CancellationTokenRegistration) => new CancellationTokenSource().Token.Register(static () => { }),
        _ when type == typeof(Task) => Task.CompletedTask,
        _ when type == typeof(WeakReference<Task>) => new WeakReference<Task>(Task.CompletedTask),
        _ when type == typeof(CancellationInfo) => new CancellationInfo { Kind = CancellationKind.Operator, RequestedAt = DateTimeOffset.UnixEpoch, Stack = [] },
        _ => throw new InvalidOperationException($"TaskRecordReuseTests: give {type} a value"),
    };
}
