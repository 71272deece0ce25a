/**
 * The AWS SDK v2 plumbing the toolkit shares: {@link dev.lakeetl.aws.SecretReader} reads a Secrets
 * Manager secret, {@link dev.lakeetl.aws.SecretIds} checks secret names and ARNs, and {@link
 * dev.lakeetl.aws.RetryableIoHttpClient} is the HTTP client of the toolkit's SDK clients. It knows
 * nothing about what the secrets and clients are for: the Slack notifier in {@code notify}, the
 * Kinesis source and the deploy tool decide that.
 */
package dev.lakeetl.aws;
