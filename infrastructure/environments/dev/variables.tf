variable "region" {
  description = "AWS region (aws.region in deploy/env/<env>.yaml)."
  type        = string
  default     = "eu-west-1"
}

variable "account_id" {
  description = "AWS account of this environment; Terraform refuses credentials of any other account. The role ARNs in deploy/env/<env>.yaml use the same id."
  type        = string
  default     = "123456789012"
}

variable "bucket_prefix" {
  description = "Bucket names are <prefix>-<env>-<layer>; conf/env/<env>.yaml and deploy/env/<env>.yaml use \"example\"."
  type        = string
  default     = "example"
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

variable "kinesis_stream_arns" {
  description = "Kinesis streams the streaming job reads."
  type        = list(string)
  default     = []
}

variable "alert_emails" {
  description = "Addresses that get an email when a Glue or EMR Serverless job run fails."
  type        = list(string)
  default     = []
}

variable "msk_cluster_arn" {
  description = "The Amazon MSK cluster the streaming job reads (IAM access control); null for none."
  type        = string
  default     = null
}

variable "vpc" {
  description = "Subnets (with their availability zones, same order) and security groups from which the streaming job reaches the MSK brokers; null for none."
  type = object({
    subnet_ids                = list(string)
    subnet_availability_zones = list(string)
    security_group_ids        = list(string)
  })
  default = null
}
