/**
 * Notifications about finished runs: {@link dev.lakeetl.notify.SlackNotifier} posts a run's summary
 * line to a Slack webhook, configured by the {@code notify.*} keys ({@link
 * dev.lakeetl.notify.NotifyKeys}), the webhook given as a URL or as a Secrets Manager secret. A
 * failed post is logged and never fails the run. The summary itself comes from {@code report}.
 */
package dev.lakeetl.notify;
