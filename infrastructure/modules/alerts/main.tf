# What reaches a person: one SNS topic per environment that EventBridge publishes to when a Glue
# job run ends FAILED, TIMEOUT or ERROR or an EMR Serverless job run ends FAILED, so a run that dies
# before writing its own report still alerts; and the Secrets Manager secret holding the Slack
# webhook the jobs post their run summaries to (its value is set outside Terraform, never in state).

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name
  topic_arn = "arn:${local.partition}:sns:${local.region}:${var.account_id}:${var.name}-alerts"
  rule_arns = [
    for rule in ["glue-job-failed", "emr-serverless-job-failed"] :
    "arn:${local.partition}:events:${local.region}:${var.account_id}:rule/${var.name}-${rule}"
  ]
}

resource "aws_sns_topic" "alerts" {
  name = "${var.name}-alerts"
  tags = var.tags
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "EventBridgeRulesPublish"
    actions   = ["sns:Publish"]
    resources = [local.topic_arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = local.rule_arns
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_cloudwatch_event_rule" "glue_job_failed" {
  name        = "${var.name}-glue-job-failed"
  description = "A ${var.name} Glue job run ended FAILED, TIMEOUT or ERROR"
  event_pattern = jsonencode({
    source        = ["aws.glue"]
    "detail-type" = ["Glue Job State Change"]
    detail = {
      jobName = var.glue_job_names
      state   = ["FAILED", "TIMEOUT", "ERROR"]
    }
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "glue_job_failed" {
  rule = aws_cloudwatch_event_rule.glue_job_failed.name
  arn  = aws_sns_topic.alerts.arn

  input_transformer {
    input_paths = {
      job     = "$.detail.jobName"
      run     = "$.detail.jobRunId"
      state   = "$.detail.state"
      message = "$.detail.message"
    }
    input_template = "\"${var.name}: Glue job <job> run <run> ended <state>: <message>\""
  }
}

# EMR Serverless job runs of this environment's application; a run that etl-deploy cancels to
# replace it (CANCELLED) is not an alert.
resource "aws_cloudwatch_event_rule" "emr_serverless_job_failed" {
  name        = "${var.name}-emr-serverless-job-failed"
  description = "A ${var.name} EMR Serverless job run ended FAILED"
  event_pattern = jsonencode({
    source        = ["aws.emr-serverless"]
    "detail-type" = ["EMR Serverless Job Run State Change"]
    detail = {
      applicationId = [var.emr_application_id]
      state         = ["FAILED"]
    }
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "emr_serverless_job_failed" {
  rule = aws_cloudwatch_event_rule.emr_serverless_job_failed.name
  arn  = aws_sns_topic.alerts.arn

  input_transformer {
    input_paths = {
      run   = "$.detail.jobRunId"
      state = "$.detail.state"
    }
    input_template = "\"${var.name}: EMR Serverless job run <run> ended <state>\""
  }
}

# The Slack incoming webhook URL, as the secret's SecretString (plain text). Terraform creates the
# secret only; put the value with `aws secretsmanager put-secret-value`.
resource "aws_secretsmanager_secret" "slack_webhook" {
  name                    = var.slack_webhook_secret_name
  description             = "Slack incoming webhook URL the ${var.name} jobs post their run summaries to"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}
