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
  environment               = "dev"
  account_id                = "123456789012"
  catalog_database          = "lakeetl_dev"
  glue_log_group_prefix     = "/aws-glue/lakeetl-dev"
  slack_webhook_secret_name = "lakeetl-dev/slack-webhook"
  bucket_arns = {
    raw         = "arn:aws:s3:::example-dev-raw"
    refined     = "arn:aws:s3:::example-dev-refined"
    curated     = "arn:aws:s3:::example-dev-curated"
    quarantine  = "arn:aws:s3:::example-dev-quarantine"
    artifacts   = "arn:aws:s3:::example-dev-artifacts"
    temp        = "arn:aws:s3:::example-dev-temp"
    checkpoints = "arn:aws:s3:::example-dev-checkpoints"
  }
  github_oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  github_repository        = "example/lakeetl"
}

run "no_stream_access_without_streams" {
  command = plan

  assert {
    condition = alltrue([
      for statement in jsondecode(data.aws_iam_policy_document.job_data["glue"].json).Statement :
      statement.Sid != "ReadKinesis"
    ])
    error_message = "Without kinesis_stream_arns the job roles must not read Kinesis."
  }
}

run "stream_access_only_to_the_given_streams" {
  command = plan

  variables {
    kinesis_stream_arns = ["arn:aws:kinesis:eu-west-1:123456789012:stream/flights"]
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(data.aws_iam_policy_document.job_data["emr_serverless"].json).Statement :
      statement.Sid == "ReadKinesis" && statement.Resource == "arn:aws:kinesis:eu-west-1:123456789012:stream/flights"
    ])
    error_message = "The job roles must read exactly the configured streams."
  }
}

run "glue_logs_only_to_its_own_groups" {
  command = plan

  assert {
    condition = toset(one([
      for statement in jsondecode(data.aws_iam_policy_document.glue_logs.json).Statement :
      statement.Resource if statement.Sid == "JobLogs"
      ])) == toset([
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/lakeetl-dev/error",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/lakeetl-dev/error:*",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/lakeetl-dev/output",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/lakeetl-dev/output:*",
    ])
    error_message = "The Glue role must write logs to <prefix>/error and <prefix>/output only."
  }
}

run "msk_access_only_with_a_cluster" {
  command = plan

  assert {
    condition = alltrue([
      for statement in jsondecode(data.aws_iam_policy_document.job_data["glue"].json).Statement :
      !startswith(statement.Sid, "Msk")
    ])
    error_message = "Without msk_cluster_arn the job roles get no Kafka access."
  }
}

run "msk_read_access_to_the_cluster_topics_and_spark_groups" {
  command = plan

  variables {
    msk_cluster_arn = "arn:aws:kafka:eu-west-1:123456789012:cluster/lakeetl-dev/abcd-1234"
  }

  assert {
    condition = {
      for statement in jsondecode(data.aws_iam_policy_document.job_data["emr_serverless"].json).Statement :
      statement.Sid => statement.Resource if startswith(statement.Sid, "Msk")
      } == {
      MskConnect        = "arn:aws:kafka:eu-west-1:123456789012:cluster/lakeetl-dev/abcd-1234"
      MskReadTopics     = "arn:aws:kafka:eu-west-1:123456789012:topic/lakeetl-dev/abcd-1234/flights"
      MskConsumerGroups = "arn:aws:kafka:eu-west-1:123456789012:group/lakeetl-dev/abcd-1234/spark-kafka-source-*"
    }
    error_message = "The job roles connect to the cluster, read its topics and use Spark's consumer groups only."
  }
}

run "sessions_may_read_the_default_databases_and_tables_may_be_replaced" {
  command = plan

  assert {
    condition = contains(one([
      for statement in jsondecode(data.aws_iam_policy_document.job_data["glue"].json).Statement :
      statement.Resource if statement.Sid == "CatalogSessionDatabases"
    ]), "arn:aws:glue:eu-west-1:123456789012:database/default")
    error_message = "Spark sessions read the default database when they start."
  }

  assert {
    condition = !contains(one([
      for statement in jsondecode(data.aws_iam_policy_document.job_data["glue"].json).Statement :
      statement.Action if statement.Sid == "CatalogDatabase"
    ]), "glue:DeleteTable")
    error_message = "Schema changes alter tables in place: no job role may delete a table."
  }
}

run "the_account_id_is_checked" {
  command = plan

  variables {
    account_id = "12345"
  }

  expect_failures = [var.account_id]
}
