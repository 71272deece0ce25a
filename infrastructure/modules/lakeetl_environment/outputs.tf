output "name" {
  description = "lakeetl-<env>: the prefix of job, role and application names."
  value       = local.name
}

output "buckets" {
  description = "Bucket name per layer."
  value       = module.buckets.bucket_names
}

output "glue_role_arn" {
  description = "Role the Glue jobs run as."
  value       = module.roles.glue_role_arn
}

output "emr_serverless_role_arn" {
  description = "emr.execution-role-arn of deploy/env/<env>.yaml."
  value       = module.roles.emr_serverless_role_arn
}

output "deploy_role_arn" {
  description = "Secret AWS_DEPLOY_ROLE_ARN of the GitHub environment."
  value       = module.roles.deploy_role_arn
}

output "glue_jobs" {
  description = "Glue job name per job."
  value       = module.glue_jobs.job_names
}

output "emr_serverless_application_id" {
  description = "Application id for Airflow (EMR_SERVERLESS_APPLICATION_ID)."
  value       = module.emr_serverless.application_id
}

output "alerts_topic_arn" {
  description = "SNS topic of failed-run alerts."
  value       = module.alerts.topic_arn
}

output "slack_webhook_secret_name" {
  description = "Secret to put the Slack webhook URL in (aws secretsmanager put-secret-value)."
  value       = module.alerts.slack_webhook_secret_name
}
