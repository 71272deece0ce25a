output "buckets" {
  description = "Bucket name per layer."
  value       = module.lakeetl.buckets
}

output "glue_role_arn" {
  description = "Role the Glue jobs run as."
  value       = module.lakeetl.glue_role_arn
}

output "emr_serverless_role_arn" {
  description = "emr.execution-role-arn of deploy/env/<env>.yaml."
  value       = module.lakeetl.emr_serverless_role_arn
}

output "deploy_role_arn" {
  description = "Secret AWS_DEPLOY_ROLE_ARN of the GitHub environment."
  value       = module.lakeetl.deploy_role_arn
}

output "glue_jobs" {
  description = "Glue job name per job."
  value       = module.lakeetl.glue_jobs
}

output "emr_serverless_application_id" {
  description = "Application id for Airflow (EMR_SERVERLESS_APPLICATION_ID)."
  value       = module.lakeetl.emr_serverless_application_id
}

output "alerts_topic_arn" {
  description = "SNS topic of failed-run alerts."
  value       = module.lakeetl.alerts_topic_arn
}

output "slack_webhook_secret_name" {
  description = "Secret to put the Slack webhook URL in (aws secretsmanager put-secret-value)."
  value       = module.lakeetl.slack_webhook_secret_name
}
