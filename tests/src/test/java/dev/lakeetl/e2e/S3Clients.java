package dev.lakeetl.e2e;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import dev.lakeetl.testing.S3Proxy;

/** S3 clients of the S3 stand-in. */
final class S3Clients {
  private S3Clients() {}

  /** A client signed with {@code proxy}'s credentials, path-style addressing. */
  static AmazonS3 of(S3Proxy proxy) {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(proxy.endpoint(), "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(
            new AWSStaticCredentialsProvider(
                new BasicAWSCredentials(proxy.identity(), proxy.credential())))
        .build();
  }
}
