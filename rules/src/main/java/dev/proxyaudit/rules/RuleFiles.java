package dev.proxyaudit.rules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes rule files as root safely: inside the output folder only, never through a symlink,
 * atomically (temp file, fsync, rename, fsync of the folder), and only when the content changed
 * (the "Generated" line aside), so a nightly run does not touch files it has nothing new for.
 */
public final class RuleFiles {
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> SCRIPT_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> DIR_MODE = SCRIPT_MODE;

  private RuleFiles() {}

  /** What happened to one file. */
  public enum Outcome {
    WRITTEN,
    UNCHANGED
  }

  /**
   * Writes {@code content} to {@code dir/name}.
   *
   * @throws IOException when {@code dir} or the file is a symlink, {@code name} leaves the folder,
   *     or writing fails (the old file is then left as it was)
   */
  public static Outcome write(Path dir, String name, String content, boolean executable)
      throws IOException {
    if (name.contains("/") || name.startsWith(".") || name.isEmpty()) {
      throw new IOException("refusing file name '" + name + "'");
    }
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link: refusing to write rules through it");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a folder");
    }
    Path target = dir.resolve(name);
    if (Files.isSymbolicLink(target)) {
      throw new IOException(target + " is a symbolic link: refusing to replace it");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      String old = Files.readString(target, StandardCharsets.UTF_8);
      if (normalize(old).equals(normalize(content))) {
        // a file an older version wrote with the umask's mode gets the promised one
        Files.setPosixFilePermissions(target, executable ? SCRIPT_MODE : FILE_MODE);
        return Outcome.UNCHANGED;
      }
    }
    Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
    try {
      // CREATE_NEW + NOFOLLOW: a file or link planted under the temp name makes this fail
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(executable ? SCRIPT_MODE : FILE_MODE))) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
      return Outcome.WRITTEN;
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file " + tmp + " exists: refusing to use it", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates {@code dir} and any missing parents readable by their owner only (0700, whatever the
   * umask): rule files and reports name users and clients. Existing folders are left as they are.
   */
  public static void createPrivateDirectories(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      return;
    }
    Path parent = abs.getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    Files.createDirectory(abs);
    Files.setPosixFilePermissions(abs, DIR_MODE);
  }

  /** The content without its "Generated" line: what decides whether a file changed. */
  static String normalize(String content) {
    StringBuilder sb = new StringBuilder();
    for (String line : content.split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("# " + Header.GENERATED) || t.startsWith("\"" + Header.GENERATED)) {
        continue;
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /** The lines of {@code old} and {@code now} as a unified diff, "" when equal. */
  public static String diff(String name, String old, String now) {
    if (normalize(old).equals(normalize(now))) {
      return "";
    }
    return LineDiff.unified(
        "a/" + name, "b/" + name, List.of(old.split("\n", -1)), List.of(now.split("\n", -1)));
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a folder; the rename itself is still atomic
    }
  }
}
