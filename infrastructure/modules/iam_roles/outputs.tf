output "glue_role_arn" {
  description = "Role the Glue jobs run as."
  value       = aws_iam_role.glue.arn
}

output "emr_serverless_role_arn" {
  description = "Runtime role of EMR Serverless job runs (emr.execution-role-arn)."
  value       = aws_iam_role.emr_serverless.arn
}

output "deploy_role_arn" {
  description = "Role the GitHub deploy workflow assumes (secret AWS_DEPLOY_ROLE_ARN of the GitHub environment)."
  value       = aws_iam_role.deploy.arn
}
