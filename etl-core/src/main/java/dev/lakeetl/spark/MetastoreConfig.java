package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The Hive-compatible metastore a session registers tables in: the Glue Data Catalog on Glue and
 * EMR Serverless, an embedded Derby metastore on a local run.
 *
 * @param localFolder local runs only: the folder holding the embedded metastore ({@code
 *     metastore_db}) and its warehouse ({@code warehouse}); ignored on Glue and EMR Serverless
 */
public record MetastoreConfig(Optional<String> localFolder) {
  public MetastoreConfig {
    requireNonNull(localFolder, "localFolder is null");
    localFolder.ifPresent(
        folder -> {
          if (folder.isBlank()) {
            throw new IllegalArgumentException("Cannot use metastore folder: the path is blank");
          }
          int scheme = folder.indexOf("://");
          if (scheme > 0 && !folder.startsWith("file:")) {
            throw new IllegalArgumentException(
                "Cannot use metastore folder '"
                    + folder
                    + "': the embedded metastore needs a local folder, not a "
                    + folder.substring(0, scheme)
                    + ":// path");
          }
        });
  }

  /** The metastore of a local run in {@code localFolder}. */
  public static MetastoreConfig local(String localFolder) {
    requireNonNull(localFolder, "localFolder is null");
    return new MetastoreConfig(Optional.of(localFolder));
  }

  /** The runtime's own metastore (the Glue Data Catalog on Glue and EMR Serverless). */
  public static MetastoreConfig runtime() {
    return new MetastoreConfig(Optional.empty());
  }
}
