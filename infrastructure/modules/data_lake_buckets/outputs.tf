output "bucket_names" {
  description = "Bucket name per layer: raw, refined, curated, quarantine, artifacts, temp."
  value       = { for layer, bucket in aws_s3_bucket.layer : layer => bucket.id }
}

output "bucket_arns" {
  description = "Bucket ARN per layer."
  value       = { for layer, bucket in aws_s3_bucket.layer : layer => bucket.arn }
}
