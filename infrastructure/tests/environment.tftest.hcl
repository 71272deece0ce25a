# Shared by every environment root (environments/<env>/tests links here): run
# `terraform init -backend=false && terraform test` in infrastructure/environments/<env>.
# Plans only, with an offline provider: no AWS account is needed and nothing is created.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  artifact_version         = "v1"
  github_repository        = "example/lakeetl"
  github_oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
}

run "everything_is_named_after_the_environment" {
  command = plan

  assert {
    condition     = module.lakeetl.name == "lakeetl-${local.environment}"
    error_message = "Resources must be named lakeetl-<environment>."
  }

  assert {
    condition = alltrue([
      for layer, bucket in output.buckets : bucket == "${var.bucket_prefix}-${local.environment}-${layer}"
    ])
    error_message = "Buckets must be named <prefix>-<environment>-<layer>."
  }

  assert {
    condition = alltrue([
      for job, name in output.glue_jobs : name == "lakeetl-${local.environment}-${job}"
    ])
    error_message = "Glue jobs must be named lakeetl-<environment>-<job>."
  }
}

run "the_bucket_prefix_names_every_bucket" {
  command = plan

  variables {
    bucket_prefix = "acme"
  }

  assert {
    condition     = output.buckets["artifacts"] == "acme-${local.environment}-artifacts"
    error_message = "bucket_prefix must name the buckets."
  }
}
