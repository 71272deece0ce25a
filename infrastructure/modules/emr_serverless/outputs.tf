output "application_id" {
  description = "The application id (Airflow's application_id)."
  value       = aws_emrserverless_application.spark.id
}
