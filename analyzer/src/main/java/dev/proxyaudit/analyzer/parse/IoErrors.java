package dev.proxyaudit.analyzer.parse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * An {@link IOException} as a person reads it: {@code PATH: what is wrong}. Java's file exceptions
 * carry only the path as their message ({@code NoSuchFileException: ix}); the class says why.
 */
public final class IoErrors {
  private IoErrors() {}

  /** {@code PATH: reason} when the exception names its file, else the reason alone. */
  public static String describe(IOException e) {
    String file = e instanceof FileSystemException f ? f.getFile() : null;
    return file == null ? reason(e) : file + ": " + reason(e);
  }

  /** {@code PATH: reason}, with {@code path} when the exception names no file of its own. */
  public static String describe(Path path, IOException e) {
    String file = e instanceof FileSystemException f ? f.getFile() : null;
    return (file == null ? String.valueOf(path) : file) + ": " + reason(e);
  }

  /** Why it failed, without the path: for messages that name the file themselves. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException f) {
      // Files.createDirectories throws it for a file where the folder should be
      String file = f.getFile();
      return file != null && Files.exists(Path.of(file)) && !Files.isDirectory(Path.of(file))
          ? "exists and is not a directory"
          : "already exists";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof NotLinkException) {
      return "not a symbolic link";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    if (e instanceof FileSystemException f) {
      // the operating system's reason ("No space left on device", "Read-only file system")
      String r = f.getReason();
      return (r == null ? "file system error" : r)
          + (f.getOtherFile() == null ? "" : " (with " + f.getOtherFile() + ")");
    }
    if (e instanceof CharacterCodingException) {
      // MalformedInputException's message is "Input length = 1"
      return "not a text file (not UTF-8)";
    }
    if (e instanceof EOFException) {
      return "unexpected end of file" + detail(e);
    }
    if (e instanceof ZipException) {
      return "corrupt gzip data" + detail(e);
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? "input/output error (" + e.getClass().getSimpleName() + ")"
        : m;
  }

  private static String detail(IOException e) {
    return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
  }
}
