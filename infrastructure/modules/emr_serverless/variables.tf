variable "environment" {
  description = "Environment name; tagged, the deploy role may only run jobs on its environment's application."
  type        = string
}

variable "application_name" {
  description = "Application name (emr.application-name)."
  type        = string
}

variable "release_label" {
  description = "EMR 7 release (Spark 3.5)."
  type        = string
  default     = "emr-7.5.0"

  validation {
    condition     = startswith(var.release_label, "emr-7.")
    error_message = "The jobs are built for Spark 3.5: use an emr-7.x release."
  }
}

variable "initial_driver_count" {
  description = "Pre-initialized drivers (0: none kept warm)."
  type        = number
  default     = 0
}

variable "initial_executor_count" {
  description = "Pre-initialized executors (0: none kept warm)."
  type        = number
  default     = 0
}

variable "worker_cpu" {
  description = "CPU of a pre-initialized worker."
  type        = string
  default     = "2 vCPU"
}

variable "worker_memory" {
  description = "Memory of a pre-initialized worker."
  type        = string
  default     = "8 GB"
}

variable "maximum_cpu" {
  description = "Upper bound on the application's CPU."
  type        = string
  default     = "32 vCPU"
}

variable "maximum_memory" {
  description = "Upper bound on the application's memory."
  type        = string
  default     = "128 GB"
}

variable "idle_timeout_minutes" {
  description = "The application stops after this many idle minutes."
  type        = number
  default     = 15
}

variable "vpc" {
  description = "Subnets and security groups of the application's workers; null runs them outside any VPC."
  type = object({
    subnet_ids                = list(string)
    subnet_availability_zones = list(string)
    security_group_ids        = list(string)
  })
  default = null
}

variable "tags" {
  description = "Tags on the application."
  type        = map(string)
  default     = {}
}
