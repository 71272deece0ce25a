variable "environment" {
  description = "Environment name: dev, qa, staging or prod."
  type        = string
}

variable "database_name" {
  description = "Catalog database name, e.g. lakeetl_dev."
  type        = string
}

variable "tags" {
  description = "Tags on the database."
  type        = map(string)
  default     = {}
}
