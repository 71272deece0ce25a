variable "bucket_prefix" {
  description = "Prefix of every bucket name: <prefix>-<environment>-<layer>, e.g. example-dev-raw."
  type        = string
}

variable "environment" {
  description = "Environment name: dev, qa, staging or prod."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS; null uses SSE-S3 (AES256)."
  type        = string
  default     = null
}

variable "noncurrent_version_days" {
  description = "Days a replaced object version is kept in the versioned buckets."
  type        = number
  default     = 30
}

variable "quarantine_expire_days" {
  description = "Days quarantined records are kept."
  type        = number
  default     = 90
}

variable "temp_expire_days" {
  description = "Days Glue scratch files and EMR Serverless logs are kept."
  type        = number
  default     = 14
}

variable "force_destroy" {
  description = "Allow terraform destroy to delete non-empty buckets (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags on every bucket."
  type        = map(string)
  default     = {}
}
