package dev.lakeetl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.DroppingServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class RetryableIoHttpClientTest {
  private static final byte[] BODY = "a: 1\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aDroppedConnectionIsAnIoExceptionTheSdkRetries() {
    try (DroppingServer server = DroppingServer.dropping(1);
        SdkHttpClient client =
            RetryableIoHttpClient.builder(UrlConnectionHttpClient.builder()).build()) {
      assertThatThrownBy(() -> client.prepareRequest(put(server)).call())
          .isExactlyInstanceOf(SocketException.class)
          .hasMessage("Unexpected end of file from server");
    }
  }

  @Test
  void answersPassThrough() throws IOException {
    try (DroppingServer server = DroppingServer.dropping(0);
        SdkHttpClient client =
            RetryableIoHttpClient.builder(UrlConnectionHttpClient.builder()).build()) {
      HttpExecuteResponse response = client.prepareRequest(put(server)).call();

      assertThat(response.httpResponse().statusCode()).isEqualTo(200);
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  /**
   * Why the class exists: the SDK's own client reports the same failure unchecked, which its retry
   * stage does not retry. When an SDK upgrade makes this fail, the wrapper can go.
   */
  @Test
  void theSdkClientAloneReportsItUnchecked() {
    try (DroppingServer server = DroppingServer.dropping(1);
        SdkHttpClient client = UrlConnectionHttpClient.builder().build()) {
      assertThatThrownBy(() -> client.prepareRequest(put(server)).call())
          .isExactlyInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("Unexpected end of file from server");
    }
  }

  /** A PUT with a body and "Expect: 100-continue", as the S3 client sends PutObject. */
  private static HttpExecuteRequest put(DroppingServer server) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(server.endpoint().resolve("/bucket/key"))
            .putHeader("Content-Length", String.valueOf(BODY.length))
            .putHeader("Expect", "100-continue")
            .build();
    return HttpExecuteRequest.builder()
        .request(request)
        .contentStreamProvider(() -> new ByteArrayInputStream(BODY))
        .build();
  }
}
