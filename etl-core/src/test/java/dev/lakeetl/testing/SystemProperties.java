package dev.lakeetl.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets JVM system properties for the length of a test and puts the previous values back on close:
 * how tests point the AWS SDK's default chains (credentials, region, endpoint) at local servers.
 */
public final class SystemProperties implements AutoCloseable {
  private final Map<String, String> previous = new LinkedHashMap<>();

  private SystemProperties(Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          previous.put(name, System.getProperty(name));
          System.setProperty(name, value);
        });
  }

  /** Sets {@code values} until {@link #close()}. */
  public static SystemProperties set(Map<String, String> values) {
    return new SystemProperties(values);
  }

  /**
   * What the SDK needs to call Secrets Manager at {@code server} in {@code region}: static test
   * credentials, the region, the service's endpoint, and no instance metadata lookups (which would
   * leave this machine).
   */
  public static SystemProperties awsSecretsManager(SecretsManagerServer server, String region) {
    return set(
        Map.of(
            "aws.accessKeyId", "AKIDLAKEETLTEST",
            "aws.secretAccessKey", "lakeetl-test-secret-access-key",
            "aws.region", region,
            "aws.endpointUrlSecretsManager", server.endpoint().toString(),
            "aws.disableEc2Metadata", "true"));
  }

  @Override
  public void close() {
    previous.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
  }
}
