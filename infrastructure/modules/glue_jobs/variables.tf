variable "environment" {
  description = "Environment name, passed to the jobs as --env (conf/env/<env>.yaml)."
  type        = string
}

variable "job_prefix" {
  description = "Glue job names are <prefix><job> (glue.job-prefix in deploy/env/<env>.yaml)."
  type        = string
}

variable "role_arn" {
  description = "Role the jobs run as."
  type        = string
}

variable "artifacts_bucket" {
  description = "Bucket bin/etl-deploy upload puts the jars and configs in."
  type        = string
}

variable "artifacts_prefix" {
  description = "Key prefix of the artifacts (artifacts.prefix)."
  type        = string
  default     = "lakeetl"
}

variable "artifact_version" {
  description = "Artifact version (git commit) the jobs are created with; later versions come from etl-deploy glue deploy."
  type        = string
}

variable "temp_bucket" {
  description = "Bucket for Glue's --TempDir (under glue/)."
  type        = string
}

variable "log_group_prefix" {
  description = "--custom-logGroup-prefix of the jobs: Glue 5 logs to <prefix>/error and <prefix>/output."
  type        = string
}

variable "log_retention_days" {
  description = "Days the job logs are kept."
  type        = number
  default     = 30
}

variable "worker_type" {
  description = "Glue worker type."
  type        = string
  default     = "G.1X"
}

variable "number_of_workers" {
  description = "Workers of each batch job."
  type        = number
  default     = 2
}

variable "streaming_number_of_workers" {
  description = "Workers of the streaming job."
  type        = number
  default     = 2
}

variable "timeout_minutes" {
  description = "Run timeout of the batch jobs."
  type        = number
  default     = 120
}

variable "max_retries" {
  description = "Glue retries of a failed run."
  type        = number
  default     = 0
}

variable "streaming_max_retries" {
  description = "Glue restarts of a failed streaming run (it continues from its checkpoint)."
  type        = number
  default     = 3
}

variable "vpc" {
  description = "The VPC of the MSK brokers: subnets (the Glue connection uses the first), their availability zones and security groups; null when the stream needs no VPC."
  type = object({
    subnet_ids                = list(string)
    subnet_availability_zones = list(string)
    security_group_ids        = list(string)
  })
  default = null
}

variable "daily_schedule" {
  description = "When the daily chain starts (Glue cron, UTC)."
  type        = string
  default     = "cron(0 3 * * ? *)"
}

variable "schedule_enabled" {
  description = "Whether the daily schedule is active."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags on the jobs, workflow and triggers."
  type        = map(string)
  default     = {}
}
