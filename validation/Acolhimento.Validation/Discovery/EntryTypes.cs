using System.Runtime.InteropServices;

namespace Acolhimento.Validation.Discovery;

/// <summary>What a path is on disk, read without following a link and without opening it.</summary>
public enum EntryType
{
    Missing,
    RegularFile,
    Folder,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: opening one can block forever (FIFO) or never end (<c>/dev/zero</c>); never read.</summary>
    Special,
}

/// <summary>
/// The type of a file-system entry from <c>statx</c> (Linux) with <c>AT_SYMLINK_NOFOLLOW</c>: .NET reports FIFOs,
/// sockets and devices as ordinary files, and opening a FIFO to look blocks until a writer appears. Where <c>statx</c>
/// is not available the .NET view is used, which cannot tell a special file from a regular one.
/// </summary>
internal static class EntryTypes
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid, stx_gid (u32), stx_mode (u16)
    private const int FormatMask = 0xF000;
    private const int RegularBits = 0x8000;
    private const int FolderBits = 0x4000;
    private const int LinkBits = 0xA000;

    public static EntryType Of(string fullPath)
    {
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, fullPath, AtSymlinkNoFollow, StatxType, buffer) != 0) return EntryType.Missing;
            }
            catch (EntryPointNotFoundException)
            {
                return Managed(fullPath);
            }
            return (BitConverter.ToUInt16(buffer, ModeOffset) & FormatMask) switch
            {
                RegularBits => EntryType.RegularFile,
                FolderBits => EntryType.Folder,
                LinkBits => EntryType.SymbolicLink,
                _ => EntryType.Special,
            };
        }
        return Managed(fullPath);
    }

    private static EntryType Managed(string fullPath)
    {
        FileSystemInfo info = Directory.Exists(fullPath) ? new DirectoryInfo(fullPath) : new FileInfo(fullPath);
        if (info.LinkTarget is not null) return EntryType.SymbolicLink;
        return info switch { DirectoryInfo => EntryType.Folder, { Exists: true } => EntryType.RegularFile, _ => EntryType.Missing };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
