using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>
/// Reads a stopped process's memory in 32 KB blocks and keeps up to 2,048 of them (64 MB), so the heap walk's and the
/// DAC's millions of small reads (a field, a method table pointer) cost a copy instead of a <c>process_vm_readv</c>
/// system call each. Valid only while the target stays stopped: its memory cannot change under the cache. A read the
/// cache cannot serve (a block only partly mapped, a read larger than a block) goes to the process directly.
/// </summary>
internal sealed class BlockCachingReader(IDataReader process) : IDataReader
{
    private const int BlockShift = 15;
    private const int BlockSize = 1 << BlockShift;
    private const int SlotBits = 11;
    private readonly ulong[] _tags = new ulong[1 << SlotBits];
    private readonly int[] _valid = new int[1 << SlotBits];
    private readonly byte[]?[] _blocks = new byte[1 << SlotBits][];

    public string DisplayName => process.DisplayName;

    public bool IsThreadSafe => false;

    public OSPlatform TargetPlatform => process.TargetPlatform;

    public Architecture Architecture => process.Architecture;

    public int ProcessId => process.ProcessId;

    public int PointerSize => process.PointerSize;

    /// <summary>What ClrMD's live reader throws when a read finds the process gone (ESRCH: its memory is released).</summary>
    public const string ProcessExitedMessage = "The process has exited";

    /// <summary>Whether a read found the process gone (it was killed while stopped); its reads return nothing since.</summary>
    public bool TargetGone { get; private set; }

    /// <summary>Blocks read from the process so far (one system call each).</summary>
    public long BlocksRead { get; private set; }

    /// <summary>The process's modules, each behind a <see cref="GuardedModule"/>: the DAC reaches them from native frames.</summary>
    public IEnumerable<ModuleInfo> EnumerateModules()
    {
        var modules = new List<ModuleInfo>();
        try
        {
            foreach (var module in process.EnumerateModules())
            {
                modules.Add(new GuardedModule(module, Failed));
            }
        }
        catch (Exception e) when (GuardedModule.IsGone(e))
        {
            // Each module is read as it is listed: a target that died meanwhile ends the list (and is noted).
            Failed(e);
        }
        return modules;
    }

    public bool GetThreadContext(uint threadID, uint contextFlags, Span<byte> context)
    {
        try
        {
            return process.GetThreadContext(threadID, contextFlags, context);
        }
        catch (Exception e) when (GuardedModule.IsGone(e))
        {
            // The DAC asks from its own native frames too: see ReadProcess.
            Failed(e);
            return false;
        }
    }

    public void FlushCachedData()
    {
        Array.Clear(_tags);
        process.FlushCachedData();
    }

    public int Read(ulong address, Span<byte> buffer)
    {
        if (buffer.Length > BlockSize)
        {
            return ReadProcess(address, buffer);
        }
        var done = 0;
        while (done < buffer.Length)
        {
            var at = address + (ulong)done;
            var slot = Slot(at >> BlockShift);
            var offset = (int)(at & (BlockSize - 1));
            var available = _valid[slot] - offset;
            if (available <= 0)
            {
                // Not mapped at the block's start (or past its mapped part): ask the process for exactly this.
                return done + Math.Max(0, ReadProcess(at, buffer[done..]));
            }
            var n = Math.Min(available, buffer.Length - done);
            _blocks[slot].AsSpan(offset, n).CopyTo(buffer[done..]);
            done += n;
        }
        return done;
    }

    public bool Read<T>(ulong address, out T value)
        where T : unmanaged
    {
        value = default;
        return Read(address, MemoryMarshal.AsBytes(new Span<T>(ref value))) == Unsafe.SizeOf<T>();
    }

    public T Read<T>(ulong address)
        where T : unmanaged
    {
        Read(address, out T value);
        return value;
    }

    public bool ReadPointer(ulong address, out ulong value)
    {
        if (PointerSize == 8)
        {
            return Read(address, out value);
        }
        var ok = Read(address, out uint narrow);
        value = narrow;
        return ok;
    }

    public ulong ReadPointer(ulong address)
    {
        ReadPointer(address, out var value);
        return value;
    }

    /// <summary>
    /// One read of the process; a failure is a failed read (0 bytes), never an exception: the runtime's DAC reads
    /// through this reader from its own native frames, which an exception cannot cross (taskmon would end with
    /// "Unhandled exception" instead of saying that the process exited).
    /// </summary>
    private int ReadProcess(ulong address, Span<byte> buffer)
    {
        try
        {
            return process.Read(address, buffer);
        }
        catch (Exception e) when (GuardedModule.IsGone(e))
        {
            Failed(e);
            return 0;
        }
    }

    private void Failed(Exception e) => TargetGone |= e is InvalidOperationException { Message: ProcessExitedMessage };

    private int Slot(ulong block)
    {
        var slot = (int)((block * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));
        var tag = block + 1;
        if (_tags[slot] != tag)
        {
            var data = _blocks[slot] ??= new byte[BlockSize];
            _valid[slot] = Math.Max(0, ReadProcess(block << BlockShift, data));
            _tags[slot] = tag;
            BlocksRead++;
        }
        return slot;
    }
}
