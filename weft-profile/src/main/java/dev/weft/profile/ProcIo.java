package dev.weft.profile;

/**
 * This process's I/O accounting from {@code /proc/self/io}: every thread's, ended ones
 * included. {@code rchar}/{@code wchar} count bytes through read- and write-like calls
 * (files, sockets, pipes, the page cache); {@code read_bytes}/{@code write_bytes} count what
 * reached storage.
 */
record ProcIo(long readChars, long writeChars, long readCalls, long writeCalls, long storageRead,
              long storageWrite) {
    /** Now, or null when the kernel keeps no I/O accounting (CONFIG_TASK_IO_ACCOUNTING). */
    static ProcIo read() {
        String text = ProcFiles.read("/proc/self/io");
        return text == null ? null : parse(text);
    }

    static ProcIo parse(String text) {
        return new ProcIo(ProcFiles.field(text, "rchar:"), ProcFiles.field(text, "wchar:"),
                ProcFiles.field(text, "syscr:"), ProcFiles.field(text, "syscw:"),
                ProcFiles.field(text, "read_bytes:"), ProcFiles.field(text, "write_bytes:"));
    }
}
