output "bucket_names" {
  description = "Bucket name per layer: raw, refined, curated, quarantine, artifacts, temp, checkpoints."
  value       = { for layer, bucket in aws_s3_bucket.layer : layer => bucket.bucket }
}

output "bucket_arns" {
  description = "Bucket ARN per layer (known when planning)."
  value       = { for layer, bucket in aws_s3_bucket.layer : layer => local.bucket_arns[layer] }
}
