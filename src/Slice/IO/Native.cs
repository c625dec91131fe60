using System.Runtime.InteropServices;

namespace Slice.IO;

/// <summary>
/// The few libc calls slice needs, bound directly (DirectPInvoke) so the static binary has no
/// dlopen. Every function reports failure through errno (<see cref="Marshal.GetLastPInvokeError"/>).
/// </summary>
internal static unsafe partial class Native
{
    private const string Libc = "libc";

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;
    public const int EXDEV = 18;
    public const int ESPIPE = 29;
    public const int EOPNOTSUPP = 95;

    public const int ORdOnly = 0;
    public const int OCloExec = 0x80000;
    public const int SeekSet = 0;
    public const int SeekCur = 1;
    public const int SeekEnd = 2;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "pread64", SetLastError = true)]
    public static partial nint PRead(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "lseek64", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Libc, EntryPoint = "fstat64", SetLastError = true)]
    public static partial int FStat(int fd, byte* statBuffer);

    [LibraryImport(Libc, EntryPoint = "sendfile64", SetLastError = true)]
    public static partial nint SendFile(int outFd, int inFd, long* offset, nint count);

    public const uint SpliceFMove = 1;

    [LibraryImport(Libc, EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int inFd, long* inOffset, int outFd, long* outOffset, nint length, uint flags);

    public const int FSetPipeSize = 1031;

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    public const int FallocKeepSize = 0x01;
    public const int FallocPunchHole = 0x02;

    [LibraryImport(Libc, EntryPoint = "fallocate64", SetLastError = true)]
    public static partial int Fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Libc, EntryPoint = "strerror")]
    public static partial nint StrError(int errno);

    [LibraryImport(Libc, EntryPoint = "mkstemp64", SetLastError = true)]
    public static partial int MkStemp(byte* template);

    [LibraryImport(Libc, EntryPoint = "unlink", SetLastError = true)]
    public static partial int Unlink(byte* path);

    /// <summary>Rust's io::Error text: <c>No such file or directory (os error 2)</c>.</summary>
    public static string Describe(int errno) =>
        $"{Marshal.PtrToStringUTF8(StrError(errno)) ?? "Unknown error"} (os error {errno})";
}
