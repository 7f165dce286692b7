package dev.proxyaudit.analyzer.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * The index's files readable by their owner only (0600 in a 0700 folder), whatever the umask: they
 * hold who connected where. Lucene creates its files with the process's umask, so each new file is
 * narrowed as it is created.
 */
final class OwnerOnlyDirectory extends FilterDirectory {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  private final Path path;

  private OwnerOnlyDirectory(Directory in, Path path) {
    super(in);
    this.path = path;
  }

  /**
   * Opens (creating it 0700 if missing) the index folder; files an older version left with wider
   * modes are narrowed too.
   */
  static OwnerOnlyDirectory open(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      dev.proxyaudit.rules.RuleFiles.createPrivateDirectories(path);
    }
    Path dir = path.toRealPath();
    Files.setPosixFilePermissions(dir, DIR);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      }
    }
    return new OwnerOnlyDirectory(FSDirectory.open(dir), dir);
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    IndexOutput out = super.createOutput(name, context);
    narrow(out.getName());
    return out;
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context)
      throws IOException {
    IndexOutput out = super.createTempOutput(prefix, suffix, context);
    narrow(out.getName());
    return out;
  }

  /** The lock file is made by the lock factory, outside createOutput. */
  void narrowLockFile() throws IOException {
    Path lock = path.resolve("write.lock");
    if (Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
      Files.setPosixFilePermissions(lock, FILE);
    }
  }

  private void narrow(String name) throws IOException {
    Files.setPosixFilePermissions(path.resolve(name), FILE);
  }
}
