variable "environment" {
  description = "Environment name (dev, qa, staging, prod): part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*$", var.environment))
    error_message = "environment must be lower-case letters and digits, starting with a letter."
  }
}

variable "account_id" {
  description = "AWS account id of the environment."
  type        = string
}

variable "bucket_prefix" {
  description = "Bucket names are <prefix>-<env>-<layer>."
  type        = string
}

variable "artifact_version" {
  description = "The uploaded artifact version (git commit) the Glue jobs are created with."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the repository whose deploy workflow may deploy here."
  type        = string
}

variable "github_oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider (token.actions.githubusercontent.com)."
  type        = string
}

variable "msk_cluster_arn" {
  description = "The Amazon MSK cluster the streaming job reads with IAM access control (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>); null for none."
  type        = string
  default     = null
}

variable "msk_topics" {
  description = "Topics the streaming job reads from the MSK cluster."
  type        = list(string)
  default     = ["flights"]
}

variable "vpc" {
  description = "Where the MSK brokers are: subnet ids, their availability zones (same order) and security groups of the streaming job's workers (Glue connection, EMR Serverless network configuration); null when no VPC is needed."
  type = object({
    subnet_ids                = list(string)
    subnet_availability_zones = list(string)
    security_group_ids        = list(string)
  })
  default = null
}

variable "kinesis_stream_arns" {
  description = "Kinesis streams the streaming job reads."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Whether terraform destroy may delete non-empty buckets (never in prod)."
  type        = bool
  default     = false
}

variable "glue_number_of_workers" {
  description = "Workers of each batch Glue job."
  type        = number
}

variable "glue_streaming_number_of_workers" {
  description = "Workers of the streaming Glue job."
  type        = number
}

variable "glue_max_retries" {
  description = "Glue retries of a failed batch run."
  type        = number
}

variable "glue_schedule_enabled" {
  description = "Whether the daily workflow's schedule is active."
  type        = bool
  default     = true
}

variable "emr_initial_driver_count" {
  description = "Pre-initialized EMR Serverless drivers; 0 starts cold."
  type        = number
}

variable "emr_initial_executor_count" {
  description = "Pre-initialized EMR Serverless executors."
  type        = number
}

variable "alert_emails" {
  description = "Addresses that get an email when a Glue or EMR Serverless job run fails."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
