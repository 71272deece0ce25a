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
  name                      = "lakeetl-dev"
  account_id                = "123456789012"
  glue_job_names            = ["lakeetl-dev-raw-to-refined", "lakeetl-dev-refined-to-curated"]
  emr_application_id        = "00fdevapplication"
  slack_webhook_secret_name = "lakeetl-dev/slack-webhook"
}

run "failed_runs_of_this_environment_alert" {
  command = plan

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.glue_job_failed.event_pattern).detail == {
      jobName = ["lakeetl-dev-raw-to-refined", "lakeetl-dev-refined-to-curated"]
      state   = ["FAILED", "TIMEOUT", "ERROR"]
    }
    error_message = "Glue runs of this environment's jobs that end FAILED, TIMEOUT or ERROR must alert."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.emr_serverless_job_failed.event_pattern).detail == {
      applicationId = ["00fdevapplication"]
      state         = ["FAILED"]
    }
    error_message = "Failed runs on this environment's EMR Serverless application must alert; cancelled ones not."
  }
}

run "only_the_two_rules_may_publish" {
  command = plan

  assert {
    condition = jsondecode(data.aws_iam_policy_document.alerts.json).Statement[0].Condition.ArnEquals["aws:SourceArn"] == [
      "arn:aws:events:eu-west-1:123456789012:rule/lakeetl-dev-glue-job-failed",
      "arn:aws:events:eu-west-1:123456789012:rule/lakeetl-dev-emr-serverless-job-failed",
    ]
    error_message = "Only this environment's rules may publish to its topic."
  }
}

run "people_subscribe_by_email" {
  command = plan

  variables {
    alert_emails = ["data-oncall@example.com"]
  }

  assert {
    condition     = aws_sns_topic_subscription.email["data-oncall@example.com"].protocol == "email"
    error_message = "alert_emails must subscribe each address."
  }
}
