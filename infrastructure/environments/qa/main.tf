# The qa environment. Values here mirror deploy/env/qa.yaml (bin/etl-deploy) and the bucket
# names in conf/env/qa.yaml (the jobs); a test in the deploy module checks that they agree.
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
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = local.tags
  }
}

locals {
  environment = "qa"
  tags = {
    project     = "lakeetl"
    environment = local.environment
  }
}

module "lakeetl" {
  source = "../../modules/lakeetl_environment"

  environment              = local.environment
  account_id               = var.account_id
  bucket_prefix            = var.bucket_prefix
  artifact_version         = var.artifact_version
  github_repository        = var.github_repository
  github_oidc_provider_arn = var.github_oidc_provider_arn
  kinesis_stream_arns      = var.kinesis_stream_arns
  alert_emails             = var.alert_emails
  msk_cluster_arn          = var.msk_cluster_arn
  vpc                      = var.vpc
  force_destroy            = false
  tags                     = local.tags

  glue_number_of_workers           = 2
  glue_streaming_number_of_workers = 2
  glue_max_retries                 = 0
  glue_schedule_enabled            = true
  emr_initial_driver_count         = 0
  emr_initial_executor_count       = 0
}
