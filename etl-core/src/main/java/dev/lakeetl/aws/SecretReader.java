package dev.lakeetl.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads the text of one AWS Secrets Manager secret (GetSecretValue, its {@code SecretString}).
 *
 * <p>Credentials and region come from the SDK's default chains (environment, system properties,
 * profile, web identity, container and instance roles: what Glue and EMR Serverless provide); the
 * region of an ARN id wins, since the secret can only be read there. The endpoint is the SDK's too,
 * so {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (or the system property {@code
 * aws.endpointUrlSecretsManager}) redirects it. Each call builds its own client and closes it: a
 * job reads a secret once per run.
 */
public final class SecretReader {
  private SecretReader() {}

  /**
   * The secret's {@code SecretString}.
   *
   * @param secretId the secret's name or ARN
   * @param timeout bounds the whole call, retries included, and each connect and read
   * @throws IllegalArgumentException when {@code secretId} is a malformed ARN
   * @throws IllegalStateException when the secret holds binary data only
   * @throws software.amazon.awssdk.core.exception.SdkException when the call fails (no region or
   *     credentials, no such secret, access denied, Secrets Manager unreachable or too slow)
   */
  public static String secretString(String secretId, Duration timeout) {
    requireNonNull(secretId, "secretId is null");
    requireNonNull(timeout, "timeout is null");
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClientBuilder(
                RetryableIoHttpClient.builder(
                    UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)))
            .overrideConfiguration(override -> override.apiCallTimeout(timeout));
    SecretIds.region(secretId).map(Region::of).ifPresent(builder::region);
    try (SecretsManagerClient client = builder.build()) {
      GetSecretValueResponse response =
          client.getSecretValue(request -> request.secretId(secretId));
      if (response.secretString() == null) {
        throw new IllegalStateException("the secret has no SecretString (binary secret)");
      }
      return response.secretString();
    }
  }
}
