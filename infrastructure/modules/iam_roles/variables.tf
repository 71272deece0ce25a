variable "environment" {
  description = "Environment name: dev, qa, staging or prod."
  type        = string
}

variable "account_id" {
  description = "AWS account id of the environment (part of every ARN the policies name)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be the 12-digit AWS account id."
  }
}

variable "bucket_arns" {
  description = "Bucket ARN per layer (raw, refined, curated, quarantine, artifacts, temp)."
  type        = map(string)
}

variable "artifacts_prefix" {
  description = "Key prefix of the uploaded artifacts (artifacts.prefix in deploy/deploy.yaml)."
  type        = string
  default     = "lakeetl"
}

variable "catalog_database" {
  description = "The Glue catalog database the jobs register tables in."
  type        = string
}

variable "glue_log_group_prefix" {
  description = "The Glue jobs' --custom-logGroup-prefix: they log to <prefix>/error and <prefix>/output."
  type        = string
}

variable "slack_webhook_secret_name" {
  description = "Secrets Manager secret the jobs read the Slack webhook URL from."
  type        = string
}

variable "kinesis_stream_arns" {
  description = "Kinesis streams the streaming job reads; empty for none."
  type        = list(string)
  default     = []
}

variable "msk_cluster_arn" {
  description = "The Amazon MSK cluster the streaming job reads with IAM access control; null for none."
  type        = string
  default     = null
}

variable "msk_topics" {
  description = "Topics of the MSK cluster the streaming job reads."
  type        = list(string)
  default     = ["flights"]
}

variable "glue_vpc_access" {
  description = "Whether Glue jobs run in the VPC (a NETWORK connection): the Glue role then manages their network interfaces."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "KMS key of the lake buckets, null for SSE-S3."
  type        = string
  default     = null
}

variable "github_oidc_provider_arn" {
  description = "ARN of the account's token.actions.githubusercontent.com OIDC provider."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose deploy workflow may assume the deploy role."
  type        = string
}

variable "tags" {
  description = "Tags on every role."
  type        = map(string)
  default     = {}
}
