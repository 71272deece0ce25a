# The Glue 5.0 jobs of one environment and the daily batch chain (raw-to-refined, then
# refined-to-curated). Names, jars, main classes and arguments are the ones bin/etl-deploy uses
# (deploy/src/main/java/dev/lakeetl/deploy/DeployedJob.java and GlueRequests.java); a test in the
# deploy module checks them against the build and the jobs' config schemas.
#
# Terraform creates and owns the jobs; `etl-deploy glue deploy` moves them to each new artifact
# version (script location, --extra-jars, --config, description) and changes nothing else.

locals {
  jobs = {
    "raw-to-refined" = {
      main_class  = "dev.lakeetl.jobs.refine.RawToRefinedJob"
      config_file = "conf/flights-raw-to-refined.yaml"
      streaming   = false
      bookmarks   = true
    }
    "refined-to-curated" = {
      main_class  = "dev.lakeetl.jobs.curate.RefinedToCuratedJob"
      config_file = "conf/flights-refined-to-curated.yaml"
      streaming   = false
      bookmarks   = true
    }
    "streaming" = {
      main_class  = "dev.lakeetl.streaming.StreamingJob"
      config_file = "conf/flights-streaming.yaml"
      streaming   = true
      bookmarks   = false
    }
  }

  artifacts = "s3://${var.artifacts_bucket}/${var.artifacts_prefix}/${var.artifact_version}"
}

# Glue 5 logs every job in real time to <prefix>/error (driver, executors, Spark, log4j) and
# <prefix>/output (stdout, stderr), the prefix given by --custom-logGroup-prefix; the groups are
# created here so they have a retention.
resource "aws_cloudwatch_log_group" "jobs" {
  for_each = toset(["error", "output"])

  name              = "${var.log_group_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# The streaming job reads Amazon MSK inside the VPC: a NETWORK connection gives its workers network
# interfaces in one of the VPC's subnets. The batch jobs need only S3 and the catalog and stay out.
resource "aws_glue_connection" "network" {
  count = var.vpc == null ? 0 : 1

  name            = "${var.job_prefix}network"
  description     = "The VPC of the MSK brokers, for the streaming job"
  connection_type = "NETWORK"

  physical_connection_requirements {
    subnet_id              = var.vpc.subnet_ids[0]
    availability_zone      = var.vpc.subnet_availability_zones[0]
    security_group_id_list = var.vpc.security_group_ids
  }

  tags = var.tags
}

resource "aws_glue_job" "job" {
  for_each = local.jobs

  name              = "${var.job_prefix}${each.key}"
  description       = "lakeetl ${each.key} (${var.artifact_version})"
  role_arn          = var.role_arn
  glue_version      = "5.0"
  worker_type       = var.worker_type
  number_of_workers = each.value.streaming ? var.streaming_number_of_workers : var.number_of_workers
  timeout           = each.value.streaming ? null : var.timeout_minutes
  # A failed streaming run is restarted from its checkpoint; a batch run follows the environment's
  # retry setting.
  max_retries = each.value.streaming ? var.streaming_max_retries : var.max_retries
  connections = each.value.streaming && var.vpc != null ? [aws_glue_connection.network[0].name] : null

  command {
    name            = each.value.streaming ? "gluestreaming" : "glueetl"
    script_location = "${local.artifacts}/glue/${each.key}.scala"
  }

  execution_property {
    max_concurrent_runs = 1
  }

  # The daily chain on Glue: each scheduled run processes what no earlier successful run processed
  # (raw day folders with new files, refined days that changed). The jobs keep these bookmarks
  # themselves, next to their output; Glue's --job-bookmark-option turns them on.
  default_arguments = {
    "--job-language"            = "scala"
    "--class"                   = "LakeetlGlueEntry"
    "--extra-jars"              = "${local.artifacts}/jars/${each.key}.jar"
    "--TempDir"                 = "s3://${var.temp_bucket}/glue/"
    "--job-bookmark-option"     = each.value.bookmarks ? "job-bookmark-enable" : "job-bookmark-disable"
    "--custom-logGroup-prefix"  = var.log_group_prefix
    "--enable-metrics"          = "true"
    "--enable-spark-ui"         = "false"
    "--enable-glue-datacatalog" = "true"
    "--config"                  = "${local.artifacts}/${each.value.config_file}"
    "--env"                     = var.environment
    "--runtime"                 = "glue"
  }

  tags = merge(var.tags, { job = each.key })

  # Terraform owns the job; a deploy (etl-deploy glue deploy) points it at a new artifact version by
  # changing exactly these fields (GlueRequests.TERRAFORM_VERSION_FIELDS), which Terraform leaves
  # as the deploy set them.
  lifecycle {
    ignore_changes = [
      command[0].script_location,
      default_arguments["--extra-jars"],
      default_arguments["--config"],
      description,
    ]
  }
}

# Daily chain: a workflow whose scheduled trigger starts raw-to-refined and whose conditional
# trigger starts refined-to-curated once it succeeded.
resource "aws_glue_workflow" "daily" {
  name                = "${var.job_prefix}daily"
  description         = "raw-to-refined, then refined-to-curated"
  max_concurrent_runs = 1
  tags                = var.tags
}

resource "aws_glue_trigger" "daily_start" {
  name          = "${var.job_prefix}daily-start"
  workflow_name = aws_glue_workflow.daily.name
  type          = "SCHEDULED"
  schedule      = var.daily_schedule
  enabled       = var.schedule_enabled

  actions {
    job_name = aws_glue_job.job["raw-to-refined"].name
  }

  tags = var.tags
}

resource "aws_glue_trigger" "curate_after_refine" {
  name          = "${var.job_prefix}curate-after-refine"
  workflow_name = aws_glue_workflow.daily.name
  type          = "CONDITIONAL"

  predicate {
    conditions {
      job_name = aws_glue_job.job["raw-to-refined"].name
      state    = "SUCCEEDED"
    }
  }

  actions {
    job_name = aws_glue_job.job["refined-to-curated"].name
  }

  tags = var.tags
}
