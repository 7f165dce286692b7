package dev.proxyaudit.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
  @TempDir Path tmp;

  @Test
  void eachFileExceptionSaysWhyBesideThePath() {
    assertEquals("ix: no such file or directory", IoErrors.describe(new NoSuchFileException("ix")));
    assertEquals("ix: permission denied", IoErrors.describe(new AccessDeniedException("ix")));
    assertEquals("ix: not a directory", IoErrors.describe(new NotDirectoryException("ix")));
    assertEquals(
        "ix: directory not empty", IoErrors.describe(new DirectoryNotEmptyException("ix")));
    assertEquals(
        "ix: No space left on device",
        IoErrors.describe(new FileSystemException("ix", null, "No space left on device")));
    assertEquals("ix: file system error", IoErrors.describe(new FileSystemException("ix")));
  }

  @Test
  void alreadyExistsSaysWhenItIsAFileWhereAFolderBelongs() throws IOException {
    Path file = Files.writeString(tmp.resolve("ix"), "");
    assertEquals(
        file + ": exists and is not a directory",
        IoErrors.describe(new FileAlreadyExistsException(file.toString())));
    assertEquals(
        tmp + ": already exists",
        IoErrors.describe(new FileAlreadyExistsException(tmp.toString())));
  }

  /** Exceptions without a path get the one the caller knows. */
  @Test
  void reasonsWithoutAPath() {
    Path p = Path.of("x.png");
    assertEquals(
        "x.png: not a text file (not UTF-8)", IoErrors.describe(p, new MalformedInputException(1)));
    assertEquals("not a text file (not UTF-8)", IoErrors.describe(new MalformedInputException(1)));
    assertEquals(
        "x.png: unexpected end of file (Unexpected end of ZLIB input stream)",
        IoErrors.describe(p, new EOFException("Unexpected end of ZLIB input stream")));
    assertEquals("x.png: Is a directory", IoErrors.describe(p, new IOException("Is a directory")));
    assertEquals("input/output error (IOException)", IoErrors.reason(new IOException()));
    // the exception's own file wins: it is the one that failed (a file inside the folder named)
    assertEquals(
        "logs/a.log: permission denied",
        IoErrors.describe(Path.of("logs"), new AccessDeniedException("logs/a.log")));
  }
}
