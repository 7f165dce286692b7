package dev.proxyaudit.analyzer.nightly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

/**
 * One nightly run at a time. The kernel holds the lock ({@code fcntl} through {@link FileLock}) and
 * drops it when the process dies, so a run killed with SIGKILL leaves no stale lock; the file only
 * tells the next run who holds it.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Held by another process: its PID and start time as it wrote them. */
  public static final class HeldException extends Exception {
    public HeldException(String message) {
      super(message);
    }
  }

  public static RunLock acquire(Path file) throws IOException, HeldException {
    dev.proxyaudit.rules.RuleFiles.createPrivateDirectories(file.getParent());
    if (Files.isSymbolicLink(file)) {
      throw new IOException(file + " is a symbolic link: refusing to use it as a lock");
    }
    FileChannel ch =
        FileChannel.open(
            file,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this very process (a test, or a second job in one JVM)
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      ch.close();
      throw new HeldException(
          "another audit nightly is running ("
              + (holder.isEmpty() ? "pid unknown" : holder)
              + "); lock "
              + file);
    }
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap(
            ("pid " + ProcessHandle.current().pid() + ", started " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)),
        0);
    ch.force(true);
    return new RunLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      channel.close();
    }
  }
}
