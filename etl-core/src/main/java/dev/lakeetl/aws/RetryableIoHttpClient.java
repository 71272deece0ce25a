package dev.lakeetl.aws;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The SDK's URL-connection HTTP client (the JDK's {@code HttpURLConnection}, no Netty or Apache
 * HttpClient in our jars) with its I/O failures left to the SDK's retry policy.
 *
 * <p>That client reports some I/O failures as {@link UncheckedIOException}, most often a keep-alive
 * connection the server has already closed ("Unexpected end of file from server"). The SDK's retry
 * stage only retries {@link IOException}s and SDK exceptions, so such a failure ends the call at
 * once instead of being retried on a new connection, and escapes as an exception no caller expects.
 * This client unwraps them into the {@link IOException} they carry, which the SDK retries with its
 * usual backoff and, once its attempts are spent, reports as an {@code SdkClientException}: the
 * behaviour of the SDK's other HTTP clients.
 */
public final class RetryableIoHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;

  private RetryableIoHttpClient(SdkHttpClient delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  /** A builder for an SDK client's {@code httpClientBuilder}: the SDK closes what it builds. */
  public static SdkHttpClient.Builder<?> builder(UrlConnectionHttpClient.Builder urlConnection) {
    return new Builder(requireNonNull(urlConnection, "urlConnection is null"));
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest call = delegate.prepareRequest(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        try {
          return call.call();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }

      @Override
      public void abort() {
        call.abort();
      }
    };
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static final class Builder implements SdkHttpClient.Builder<Builder> {
    private final UrlConnectionHttpClient.Builder urlConnection;

    private Builder(UrlConnectionHttpClient.Builder urlConnection) {
      this.urlConnection = urlConnection;
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return new RetryableIoHttpClient(urlConnection.buildWithDefaults(serviceDefaults));
    }
  }
}
