package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Where one version of the artifacts lives in the artifacts bucket:
 *
 * <pre>
 * s3://&lt;bucket&gt;/&lt;prefix&gt;/&lt;version&gt;/jars/&lt;job&gt;.jar       shaded job jars
 * s3://&lt;bucket&gt;/&lt;prefix&gt;/&lt;version&gt;/conf/...              the repository's conf/ folder
 * s3://&lt;bucket&gt;/&lt;prefix&gt;/&lt;version&gt;/glue/&lt;job&gt;.scala     Glue entry scripts
 * </pre>
 *
 * A version is immutable once uploaded (the git commit), so a job always runs the jar and configs
 * it was deployed with.
 */
public record ArtifactLayout(String bucket, String prefix, String version) {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]+");

  public ArtifactLayout {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(version, "version is null");
    if (!VERSION.matcher(version).matches()) {
      throw new DeployException(
          "Cannot use version '"
              + version
              + "': expected a git commit or a name of letters, digits, '.', '_' and '-'");
    }
  }

  /** The layout of {@code version} in the environment's artifacts bucket. */
  public static ArtifactLayout of(DeployConfig config, String version) {
    requireNonNull(config, "config is null");
    return new ArtifactLayout(config.artifactsBucket(), config.artifactsPrefix(), version);
  }

  /** The key prefix of this version, ending in {@code /}. */
  public String root() {
    return (prefix.isEmpty() ? "" : prefix + "/") + version + "/";
  }

  /** Object key of a file uploaded from the repository path {@code relativePath}. */
  public String key(String relativePath) {
    requireNonNull(relativePath, "relativePath is null");
    return root() + relativePath;
  }

  public String jarKey(DeployedJob job) {
    return key("jars/" + job.name() + ".jar");
  }

  public String glueScriptKey(DeployedJob job) {
    return key("glue/" + job.name() + ".scala");
  }

  public String configKey(DeployedJob job) {
    return key(job.configFile());
  }

  /** {@code s3://bucket/key} */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }
}
