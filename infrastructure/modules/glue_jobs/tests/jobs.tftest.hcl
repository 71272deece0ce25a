# Plans only, with an offline provider: run `terraform init && terraform test` in this folder.

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
  environment      = "dev"
  job_prefix       = "lakeetl-dev-"
  role_arn         = "arn:aws:iam::123456789012:role/lakeetl-dev-glue"
  artifacts_bucket = "example-dev-artifacts"
  artifact_version = "v1"
  temp_bucket      = "example-dev-temp"
  log_group_prefix = "/aws-glue/lakeetl-dev"
}

run "jobs_log_the_glue_5_way" {
  command = plan

  assert {
    condition = alltrue([
      for job in aws_glue_job.job : job.default_arguments["--custom-logGroup-prefix"] == "/aws-glue/lakeetl-dev"
    ])
    error_message = "Every job must log under --custom-logGroup-prefix."
  }

  # Glue 4's continuous-logging arguments do not exist in Glue 5.
  assert {
    condition = alltrue(flatten([
      for job in aws_glue_job.job : [
        for name in keys(job.default_arguments) : !startswith(name, "--enable-continuous") && !startswith(name, "--continuous-log")
      ]
    ]))
    error_message = "No Glue 4 continuous-logging arguments."
  }

  assert {
    condition     = toset([for group in aws_cloudwatch_log_group.jobs : group.name]) == toset(["/aws-glue/lakeetl-dev/error", "/aws-glue/lakeetl-dev/output"])
    error_message = "The groups Glue 5 writes to must exist, with a retention."
  }

  assert {
    condition     = alltrue([for job in aws_glue_job.job : job.glue_version == "5.0"])
    error_message = "The jobs run on Glue 5.0."
  }
}

run "the_daily_chain_runs_on_bookmarks" {
  command = plan

  assert {
    condition = (
      aws_glue_job.job["raw-to-refined"].default_arguments["--job-bookmark-option"] == "job-bookmark-enable" &&
      aws_glue_job.job["refined-to-curated"].default_arguments["--job-bookmark-option"] == "job-bookmark-enable" &&
      aws_glue_job.job["streaming"].default_arguments["--job-bookmark-option"] == "job-bookmark-disable"
    )
    error_message = "Scheduled batch runs must process only what is new (bookmarks); the stream has its checkpoint."
  }
}

run "the_schedule_can_be_paused" {
  command = plan

  variables {
    schedule_enabled = false
  }

  assert {
    condition     = aws_glue_trigger.daily_start.enabled == false
    error_message = "schedule_enabled = false must disable the daily trigger."
  }
}

run "only_the_streaming_job_joins_the_vpc" {
  command = plan

  variables {
    vpc = {
      subnet_ids                = ["subnet-0a", "subnet-0b"]
      subnet_availability_zones = ["eu-west-1a", "eu-west-1b"]
      security_group_ids        = ["sg-0c"]
    }
  }

  assert {
    condition     = aws_glue_connection.network[0].physical_connection_requirements[0].subnet_id == "subnet-0a"
    error_message = "The NETWORK connection uses the first subnet."
  }

  assert {
    condition = (
      tolist(aws_glue_job.job["streaming"].connections) == tolist(["lakeetl-dev-network"]) &&
      aws_glue_job.job["raw-to-refined"].connections == null
    )
    error_message = "The streaming job reaches the brokers through the connection; batch jobs stay out of the VPC."
  }

  assert {
    condition     = aws_glue_job.job["streaming"].max_retries == 3
    error_message = "A failed streaming run is restarted from its checkpoint."
  }
}
