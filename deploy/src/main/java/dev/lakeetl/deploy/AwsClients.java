package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.aws.RetryableIoHttpClient;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClientBuilder;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK clients with one region, optional endpoint override and credentials provider (the
 * default chain in production: environment, profile, web identity from OIDC, instance role).
 *
 * @param region region override; empty means the SDK's default region chain
 * @param endpoint endpoint override for the one service a command calls (tests, VPC endpoints)
 * @param credentials where credentials come from
 */
public record AwsClients(
    Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
  public AwsClients {
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(credentials, "credentials is null");
  }

  public GlueClient glue() {
    GlueClientBuilder builder = configured(GlueClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public EmrServerlessClient emrServerless() {
    EmrServerlessClientBuilder builder = configured(EmrServerlessClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  public S3Client s3() {
    S3ClientBuilder builder = configured(S3Client.builder());
    endpoint.ifPresent(
        uri ->
            // S3-compatible stores: path-style buckets, checksums only where the API needs them.
            builder
                .endpointOverride(uri)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder.build();
  }

  /** The HTTP client, credentials and region every client shares. */
  private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configured(B builder) {
    builder
        .httpClientBuilder(RetryableIoHttpClient.builder(UrlConnectionHttpClient.builder()))
        .credentialsProvider(credentials);
    region.ifPresent(name -> builder.region(Region.of(name)));
    return builder;
  }
}
