output "database_name" {
  description = "The catalog database name."
  value       = aws_glue_catalog_database.lake.name
}
