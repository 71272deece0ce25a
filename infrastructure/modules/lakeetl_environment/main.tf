# One lakeetl environment: the data lake buckets, the catalog database, the job roles, the Glue
# jobs with their daily workflow and the EMR Serverless application, wired together. The roots in
# environments/<env> call this module with their sizes, so the wiring is written once.

locals {
  name             = "lakeetl-${var.environment}"
  artifacts_prefix = "lakeetl"
  catalog_database = "lakeetl_${var.environment}"
  # Glue 5 logs the jobs to <prefix>/error and <prefix>/output.
  glue_log_group_prefix = "/aws-glue/${local.name}"
  # The jobs' notify.slack.webhook-secret (conf/env/<env>.yaml, slack-webhook-secret).
  slack_webhook_secret_name = "${local.name}/slack-webhook"
}

module "buckets" {
  source = "../data_lake_buckets"

  bucket_prefix = var.bucket_prefix
  environment   = var.environment
  force_destroy = var.force_destroy
  tags          = var.tags
}

module "catalog" {
  source = "../glue_catalog"

  environment   = var.environment
  database_name = local.catalog_database
  tags          = var.tags
}

module "roles" {
  source = "../iam_roles"

  environment               = var.environment
  account_id                = var.account_id
  bucket_arns               = module.buckets.bucket_arns
  artifacts_prefix          = local.artifacts_prefix
  catalog_database          = module.catalog.database_name
  glue_log_group_prefix     = local.glue_log_group_prefix
  slack_webhook_secret_name = local.slack_webhook_secret_name
  msk_cluster_arn           = var.msk_cluster_arn
  msk_topics                = var.msk_topics
  glue_vpc_access           = var.vpc != null
  kinesis_stream_arns       = var.kinesis_stream_arns
  github_oidc_provider_arn  = var.github_oidc_provider_arn
  github_repository         = var.github_repository
  tags                      = var.tags
}

module "glue_jobs" {
  source = "../glue_jobs"

  environment                 = var.environment
  job_prefix                  = "${local.name}-"
  role_arn                    = module.roles.glue_role_arn
  artifacts_bucket            = module.buckets.bucket_names["artifacts"]
  artifacts_prefix            = local.artifacts_prefix
  artifact_version            = var.artifact_version
  temp_bucket                 = module.buckets.bucket_names["temp"]
  log_group_prefix            = local.glue_log_group_prefix
  number_of_workers           = var.glue_number_of_workers
  streaming_number_of_workers = var.glue_streaming_number_of_workers
  max_retries                 = var.glue_max_retries
  vpc                         = var.vpc
  schedule_enabled            = var.glue_schedule_enabled
  tags                        = var.tags
}

module "emr_serverless" {
  source = "../emr_serverless"

  environment            = var.environment
  application_name       = local.name
  initial_driver_count   = var.emr_initial_driver_count
  initial_executor_count = var.emr_initial_executor_count
  vpc                    = var.vpc
  tags                   = var.tags
}

module "alerts" {
  source = "../alerts"

  name                      = local.name
  account_id                = var.account_id
  glue_job_names            = values(module.glue_jobs.job_names)
  emr_application_id        = module.emr_serverless.application_id
  slack_webhook_secret_name = local.slack_webhook_secret_name
  alert_emails              = var.alert_emails
  tags                      = var.tags
}
