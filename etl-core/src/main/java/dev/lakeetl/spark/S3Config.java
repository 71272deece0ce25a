package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * S3A settings for S3-compatible stores and local runs. On Glue and EMR the runtime's own S3 client
 * is used and these are normally left empty.
 *
 * @param endpoint endpoint override, e.g. {@code http://127.0.0.1:9000}
 * @param region signing region
 * @param pathStyleAccess address buckets as {@code endpoint/bucket} instead of {@code
 *     bucket.endpoint}
 * @param accessKey static access key (secret); empty means the default credential chain
 * @param secretKey static secret key (secret)
 * @param sessionToken session token for temporary credentials (secret)
 */
public record S3Config(
    Optional<String> endpoint,
    Optional<String> region,
    boolean pathStyleAccess,
    Optional<String> accessKey,
    Optional<String> secretKey,
    Optional<String> sessionToken) {
  public static final S3Config DEFAULT =
      new S3Config(
          Optional.empty(),
          Optional.empty(),
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public S3Config {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(accessKey, "accessKey is null");
    requireNonNull(secretKey, "secretKey is null");
    requireNonNull(sessionToken, "sessionToken is null");
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot configure S3: s3.access-key and s3.secret-key must be set together");
    }
  }
}
