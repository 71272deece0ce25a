# The prod environment. Values here mirror deploy/env/prod.yaml (bin/etl-deploy) and the bucket
# names in conf/env/prod.yaml (the jobs); a test in the deploy module checks that they agree.
#
#   terraform init -backend-config=backend.hcl
#   terraform apply -var artifact_version=$(git rev-parse HEAD)

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  # Partial configuration: bucket, key, region and lock table come from backend.hcl.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  environment      = "prod"
  name             = "lakeetl-prod"
  artifacts_prefix = "lakeetl"
  catalog_database = "lakeetl_prod"
  tags = {
    project     = "lakeetl"
    environment = local.environment
  }
}

module "buckets" {
  source = "../../modules/data_lake_buckets"

  bucket_prefix = var.bucket_prefix
  environment   = local.environment
  force_destroy = false
  tags          = local.tags
}

module "catalog" {
  source = "../../modules/glue_catalog"

  environment   = local.environment
  database_name = local.catalog_database
  tags          = local.tags
}

module "roles" {
  source = "../../modules/iam_roles"

  environment              = local.environment
  bucket_arns              = module.buckets.bucket_arns
  artifacts_prefix         = local.artifacts_prefix
  catalog_database         = module.catalog.database_name
  kinesis_stream_arns      = var.kinesis_stream_arns
  github_oidc_provider_arn = var.github_oidc_provider_arn
  github_repository        = var.github_repository
  tags                     = local.tags
}

module "glue_jobs" {
  source = "../../modules/glue_jobs"

  environment                 = local.environment
  job_prefix                  = "${local.name}-"
  role_arn                    = module.roles.glue_role_arn
  artifacts_bucket            = module.buckets.bucket_names["artifacts"]
  artifacts_prefix            = local.artifacts_prefix
  artifact_version            = var.artifact_version
  temp_bucket                 = module.buckets.bucket_names["temp"]
  log_group                   = "/aws-glue/${local.name}"
  number_of_workers           = 10
  streaming_number_of_workers = 4
  max_retries                 = 1
  schedule_enabled            = true
  tags                        = local.tags
}

module "emr_serverless" {
  source = "../../modules/emr_serverless"

  environment            = local.environment
  application_name       = local.name
  initial_driver_count   = 1
  initial_executor_count = 4
  tags                   = local.tags
}
