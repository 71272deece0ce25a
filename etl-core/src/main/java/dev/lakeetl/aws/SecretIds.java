package dev.lakeetl.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager secret ids as Secrets Manager accepts them: a secret's name ({@code
 * lakeetl-dev/slack-webhook}) or its full ARN ({@code
 * arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakeetl-dev/slack-webhook-AbCdEf}).
 */
public final class SecretIds {
  private static final String ARN_PREFIX = "arn:";
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:[^:]+:secretsmanager:([^:]+):[^:]+:secret:.+");

  private SecretIds() {}

  /**
   * The region of an ARN id, which is where the secret lives; empty for a name, which is looked up
   * in the caller's region.
   *
   * @throws IllegalArgumentException when the id starts with {@code arn:} but is not the ARN of a
   *     Secrets Manager secret
   */
  public static Optional<String> region(String secretId) {
    requireNonNull(secretId, "secretId is null");
    if (!secretId.startsWith(ARN_PREFIX)) {
      return Optional.empty();
    }
    Matcher arn = SECRET_ARN.matcher(secretId);
    if (!arn.matches()) {
      throw new IllegalArgumentException(
          "not the ARN of a Secrets Manager secret"
              + " (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)");
    }
    return Optional.of(arn.group(1));
  }
}
