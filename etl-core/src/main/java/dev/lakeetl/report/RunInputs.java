package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The files a run read. Large inputs keep the total count and size but only the first {@link
 * #MAX_LISTED_FILES} files, so the report stays small.
 *
 * @param fileCount number of files read
 * @param totalBytes total size of all files read
 * @param files the files, at most {@link #MAX_LISTED_FILES}
 */
public record RunInputs(long fileCount, long totalBytes, List<InputFile> files) {
  public static final int MAX_LISTED_FILES = 1000;
  public static final RunInputs NONE = new RunInputs(0, 0, List.of());

  public RunInputs {
    files = List.copyOf(requireNonNull(files, "files is null"));
    if (files.size() > MAX_LISTED_FILES) {
      throw new IllegalArgumentException(
          "Cannot describe inputs: more than " + MAX_LISTED_FILES + " files listed");
    }
    if (fileCount < files.size() || totalBytes < 0) {
      throw new IllegalArgumentException(
          "Cannot describe inputs: file count "
              + fileCount
              + " and total bytes "
              + totalBytes
              + " do not match "
              + files.size()
              + " listed files");
    }
  }

  /** Summarises all files, listing the first {@link #MAX_LISTED_FILES}. */
  public static RunInputs of(List<InputFile> allFiles) {
    requireNonNull(allFiles, "allFiles is null");
    long totalBytes = allFiles.stream().mapToLong(InputFile::bytes).sum();
    List<InputFile> listed = allFiles.subList(0, Math.min(allFiles.size(), MAX_LISTED_FILES));
    return new RunInputs(allFiles.size(), totalBytes, listed);
  }

  /** Whether some files were left out of {@link #files()}. */
  public boolean truncated() {
    return fileCount > files.size();
  }
}
