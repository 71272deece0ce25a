output "topic_arn" {
  description = "SNS topic the failed-run alerts go to; subscribe people, chat tools or paging to it."
  value       = aws_sns_topic.alerts.arn
}

output "slack_webhook_secret_name" {
  description = "Secrets Manager secret the jobs read the Slack webhook URL from (notify.slack.webhook-secret)."
  value       = aws_secretsmanager_secret.slack_webhook.name
}
