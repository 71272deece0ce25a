variable "name" {
  description = "lakeetl-<env>: prefix of the topic, rule and secret names."
  type        = string
}

variable "account_id" {
  description = "AWS account id of the environment."
  type        = string
}

variable "glue_job_names" {
  description = "The Glue jobs whose failed runs alert."
  type        = list(string)
}

variable "emr_application_id" {
  description = "The EMR Serverless application whose failed job runs alert."
  type        = string
}

variable "slack_webhook_secret_name" {
  description = "Name of the Secrets Manager secret holding the Slack webhook URL (notify.slack.webhook-secret of the jobs)."
  type        = string
}

variable "alert_emails" {
  description = "Addresses subscribed to the alerts topic (each confirms by email)."
  type        = list(string)
  default     = []
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Slack webhook secret can still be restored (0 deletes at once)."
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags on the topic, rules and secret."
  type        = map(string)
  default     = {}
}
