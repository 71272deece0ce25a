# The catalog database the jobs of one environment register their tables in.
resource "aws_glue_catalog_database" "lake" {
  name        = var.database_name
  description = "lakeetl ${var.environment}: refined and curated tables"
  tags        = var.tags
}
