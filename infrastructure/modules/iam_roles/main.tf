# Least-privilege roles: the Glue job role, the EMR Serverless job runtime role, and the role the
# GitHub deploy workflow assumes through OIDC. Each reaches only its buckets and prefixes, the
# environment's catalog database and its own logs.

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = var.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name
  name      = "lakeetl-${var.environment}"

  catalog_arns = [
    "arn:${local.partition}:glue:${local.region}:${local.account}:catalog",
    "arn:${local.partition}:glue:${local.region}:${local.account}:database/${var.catalog_database}",
    "arn:${local.partition}:glue:${local.region}:${local.account}:table/${var.catalog_database}/*",
  ]
}

# Role ARNs from their names, known when planning (aws_iam_role.arn is not).
locals {
  role_arns = {
    glue           = "arn:${local.partition}:iam::${local.account}:role/${aws_iam_role.glue.name}"
    emr_serverless = "arn:${local.partition}:iam::${local.account}:role/${aws_iam_role.emr_serverless.name}"
  }
}

# What a job run may touch in S3 and the catalog; {scratch} is its own folder in the temp bucket.
data "aws_iam_policy_document" "job_data" {
  for_each = {
    glue           = "glue"
    emr_serverless = "emr-serverless"
  }

  statement {
    sid       = "ListLakeBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [for layer in ["raw", "refined", "curated", "quarantine", "artifacts", "temp", "checkpoints"] : var.bucket_arns[layer]]
  }

  statement {
    sid       = "ReadRaw"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["raw"]}/*"]
  }

  statement {
    sid     = "WriteRefinedCuratedQuarantine"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      "${var.bucket_arns["refined"]}/*",
      "${var.bucket_arns["curated"]}/*",
      "${var.bucket_arns["quarantine"]}/*",
    ]
  }

  # The streaming job's checkpoints: Spark's offsets, commits and state, the sink's batch log.
  statement {
    sid       = "StreamingCheckpoints"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.bucket_arns["checkpoints"]}/*"]
  }

  statement {
    sid       = "ReadArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["artifacts"]}/${var.artifacts_prefix}/*"]
  }

  statement {
    sid       = "Scratch"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.bucket_arns["temp"]}/${each.value}/*"]
  }

  # Every Spark session with the Glue Data Catalog reads the databases default and global_temp when
  # it starts (their existence decides the session's catalogs), whatever the job does.
  statement {
    sid     = "CatalogSessionDatabases"
    actions = ["glue:GetDatabase"]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account}:catalog",
      "arn:${local.partition}:glue:${local.region}:${local.account}:database/default",
      "arn:${local.partition}:glue:${local.region}:${local.account}:database/global_temp",
    ]
  }

  # The environment's database and its tables: registering the output, its partitions and schema
  # changes (made in place with UpdateTable: no job deletes a table).
  statement {
    sid = "CatalogDatabase"
    actions = [
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:GetTables",
      "glue:CreateTable",
      "glue:UpdateTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
      "glue:CreatePartition",
      "glue:BatchCreatePartition",
      "glue:UpdatePartition",
      "glue:BatchUpdatePartition",
      "glue:DeletePartition",
      "glue:BatchDeletePartition",
    ]
    resources = local.catalog_arns
  }

  # notify.slack.webhook-secret: the jobs name the secret; its ARN ends in six random characters.
  statement {
    sid       = "ReadSlackWebhook"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:${var.slack_webhook_secret_name}-??????"]
  }

  dynamic "statement" {
    for_each = length(var.kinesis_stream_arns) > 0 ? [1] : []
    content {
      sid = "ReadKinesis"
      actions = [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
      ]
      resources = var.kinesis_stream_arns
    }
  }

  # Amazon MSK with IAM access control (source.kafka.authentication: aws-msk-iam): connect, read the
  # topics; Spark's Kafka source uses generated consumer groups (spark-kafka-source-*).
  dynamic "statement" {
    for_each = var.msk_cluster_arn == null ? [] : [1]
    content {
      sid       = "MskConnect"
      actions   = ["kafka-cluster:Connect"]
      resources = [var.msk_cluster_arn]
    }
  }

  dynamic "statement" {
    for_each = var.msk_cluster_arn == null ? [] : [1]
    content {
      sid       = "MskReadTopics"
      actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
      resources = [for topic in var.msk_topics : "${replace(var.msk_cluster_arn, ":cluster/", ":topic/")}/${topic}"]
    }
  }

  dynamic "statement" {
    for_each = var.msk_cluster_arn == null ? [] : [1]
    content {
      sid       = "MskConsumerGroups"
      actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
      resources = ["${replace(var.msk_cluster_arn, ":cluster/", ":group/")}/spark-kafka-source-*"]
    }
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [1]
    content {
      sid       = "UseLakeKey"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    }
  }
}

# --- Glue -----------------------------------------------------------------------------------

data "aws_iam_policy_document" "glue_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

data "aws_iam_policy_document" "glue_logs" {
  # Glue 5 writes each run's streams into <prefix>/error and <prefix>/output (created by Terraform).
  statement {
    sid     = "JobLogs"
    actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = flatten([
      for stream in ["error", "output"] : [
        "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${var.glue_log_group_prefix}/${stream}",
        "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${var.glue_log_group_prefix}/${stream}:*",
      ]
    ])
  }

  statement {
    sid       = "JobMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }
}

# A Glue NETWORK connection puts the job's workers in the VPC: Glue creates their network interfaces
# with the job's role (as AWSGlueServiceRole allows).
data "aws_iam_policy_document" "glue_network" {
  statement {
    sid = "DescribeNetwork"
    actions = [
      "ec2:DescribeVpcs",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeRouteTables",
      "ec2:DescribeVpcEndpoints",
      "ec2:DescribeVpcAttribute",
      "ec2:DescribeNetworkInterfaces",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "WorkerInterfaces"
    actions   = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"]
    resources = ["*"]
  }

  statement {
    sid       = "TagWorkerInterfaces"
    actions   = ["ec2:CreateTags", "ec2:DeleteTags"]
    resources = ["arn:${local.partition}:ec2:*:*:network-interface/*"]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["aws-glue-service-resource"]
    }
  }
}

resource "aws_iam_role" "glue" {
  name               = "${local.name}-glue"
  assume_role_policy = data.aws_iam_policy_document.glue_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "glue_data" {
  name   = "data"
  role   = aws_iam_role.glue.name
  policy = data.aws_iam_policy_document.job_data["glue"].json
}

resource "aws_iam_role_policy" "glue_network" {
  count = var.glue_vpc_access ? 1 : 0

  name   = "network"
  role   = aws_iam_role.glue.name
  policy = data.aws_iam_policy_document.glue_network.json
}

resource "aws_iam_role_policy" "glue_logs" {
  name   = "logs"
  role   = aws_iam_role.glue.name
  policy = data.aws_iam_policy_document.glue_logs.json
}

# --- EMR Serverless -------------------------------------------------------------------------

data "aws_iam_policy_document" "emr_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["emr-serverless.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "emr_serverless" {
  name               = "${local.name}-emr-serverless"
  assume_role_policy = data.aws_iam_policy_document.emr_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "emr_serverless_data" {
  name   = "data"
  role   = aws_iam_role.emr_serverless.name
  policy = data.aws_iam_policy_document.job_data["emr_serverless"].json
}

# --- GitHub Actions deploy role (OIDC, no stored keys) ----------------------------------------

data "aws_iam_policy_document" "deploy_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    # Only workflow jobs bound to this environment's GitHub environment may deploy here.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.environment}"]
    }
  }
}

data "aws_iam_policy_document" "deploy" {
  # etl-deploy upload only writes: a version's artifacts are new keys under its commit.
  statement {
    sid       = "UploadArtifacts"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arns["artifacts"]}/${var.artifacts_prefix}/*"]
  }

  # Terraform creates the jobs; a deploy points them at a new version and restarts the streaming job.
  statement {
    sid = "GlueJobs"
    actions = [
      "glue:GetJob",
      "glue:UpdateJob",
      "glue:StartJobRun",
      "glue:GetJobRun",
      "glue:GetJobRuns",
      "glue:BatchStopJobRun",
    ]
    resources = ["arn:${local.partition}:glue:${local.region}:${local.account}:job/${local.name}-*"]
  }

  statement {
    sid       = "PassGlueRole"
    actions   = ["iam:PassRole"]
    resources = [local.role_arns.glue]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["glue.amazonaws.com"]
    }
  }

  # Terraform creates the application; job runs are started, watched and (streaming) replaced.
  statement {
    sid       = "EmrServerlessFindApplication"
    actions   = ["emr-serverless:ListApplications"]
    resources = ["*"]
  }

  statement {
    sid       = "EmrServerlessStartRuns"
    actions   = ["emr-serverless:StartJobRun", "emr-serverless:ListJobRuns"]
    resources = ["arn:${local.partition}:emr-serverless:${local.region}:${local.account}:/applications/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "EmrServerlessWatchRuns"
    actions   = ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"]
    resources = ["arn:${local.partition}:emr-serverless:${local.region}:${local.account}:/applications/*/jobruns/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/environment"
      values   = [var.environment]
    }
  }

  # Job runs are tagged with their environment when they are started.
  statement {
    sid       = "EmrServerlessTagRuns"
    actions   = ["emr-serverless:TagResource"]
    resources = ["arn:${local.partition}:emr-serverless:${local.region}:${local.account}:/applications/*/jobruns/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/environment"
      values   = [var.environment]
    }
  }

  statement {
    sid       = "PassEmrServerlessRole"
    actions   = ["iam:PassRole"]
    resources = [local.role_arns.emr_serverless]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["emr-serverless.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "${local.name}-deploy"
  assume_role_policy   = data.aws_iam_policy_document.deploy_assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = aws_iam_role.deploy.name
  policy = data.aws_iam_policy_document.deploy.json
}
