package dev.lakeetl.streaming.kinesis;

import dev.lakeetl.aws.RetryableIoHttpClient;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Builds the synchronous Kinesis client: credentials from the SDK's default provider chain
 * (environment, system properties, profile, web identity, container and instance roles, which is
 * what Glue and EMR Serverless provide), the configured region and endpoint override, and the JDK's
 * HTTP client (no Netty or Apache HttpClient in the job jar) with its I/O failures retried.
 */
final class KinesisClients {
  private KinesisClients() {}

  static KinesisClient create(KinesisReadConf conf) {
    KinesisClientBuilder builder =
        KinesisClient.builder()
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClientBuilder(
                RetryableIoHttpClient.builder(
                    UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30))));
    conf.regionName().map(Region::of).ifPresent(builder::region);
    conf.endpointOverride().ifPresent(builder::endpointOverride);
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new KinesisReadException(
          String.format(
              "Cannot create a Kinesis client for stream '%s': %s (set option '%s', or AWS_REGION"
                  + " in the environment)",
              conf.stream(), e.getMessage(), KinesisReadOptions.REGION),
          e);
    }
  }
}
