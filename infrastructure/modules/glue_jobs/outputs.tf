output "job_names" {
  description = "Glue job name per job."
  value       = { for job, resource in aws_glue_job.job : job => resource.name }
}

output "daily_workflow" {
  description = "The Glue workflow of the daily batch chain."
  value       = aws_glue_workflow.daily.name
}

output "log_groups" {
  description = "The jobs' log groups: error (driver, executors, Spark) and output (stdout, stderr)."
  value       = { for stream, group in aws_cloudwatch_log_group.jobs : stream => group.name }
}
