package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One object to upload: a file of the repository, or generated text (a Glue entry script).
 *
 * @param key object key in the artifacts bucket
 * @param file the local file, empty for generated content
 * @param content the generated content, empty for files
 */
public record Artifact(String key, Optional<Path> file, Optional<String> content) {
  public Artifact {
    requireNonNull(key, "key is null");
    requireNonNull(file, "file is null");
    requireNonNull(content, "content is null");
    if (file.isPresent() == content.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot describe artifact " + key + ": give a file or text");
    }
  }

  static Artifact ofFile(String key, Path file) {
    return new Artifact(key, Optional.of(file), Optional.empty());
  }

  static Artifact ofText(String key, String content) {
    return new Artifact(key, Optional.empty(), Optional.of(content));
  }

  /** Where the content comes from, for the plan printed by {@code package}. */
  String source() {
    return file.map(Path::toString).orElse("(generated)");
  }
}
