# One bucket per data-lake layer plus artifacts (jars, configs), temp (Glue scratch, EMR logs) and
# checkpoints (the streaming job's query state and sink log, rewritten all the time, so neither
# versioned nor expired): encrypted at rest, public access blocked, TLS enforced, versioned where
# data is kept.

data "aws_partition" "current" {}

locals {
  layers = {
    raw         = { versioned = true, expire_days = 0 }
    refined     = { versioned = true, expire_days = 0 }
    curated     = { versioned = true, expire_days = 0 }
    quarantine  = { versioned = false, expire_days = var.quarantine_expire_days }
    artifacts   = { versioned = true, expire_days = 0 }
    temp        = { versioned = false, expire_days = var.temp_expire_days }
    checkpoints = { versioned = false, expire_days = 0 }
  }
}

# Names and ARNs from the inputs, known when planning (aws_s3_bucket.arn is not), so the policies
# that name the buckets are rendered in the plan that reviewers and tests read.
locals {
  bucket_names = { for layer in keys(local.layers) : layer => "${var.bucket_prefix}-${var.environment}-${layer}" }
  bucket_arns  = { for layer, name in local.bucket_names : layer => "arn:${data.aws_partition.current.partition}:s3:::${name}" }
}

resource "aws_s3_bucket" "layer" {
  for_each = local.layers

  bucket        = local.bucket_names[each.key]
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { layer = each.key })
}

resource "aws_s3_bucket_public_access_block" "layer" {
  for_each = aws_s3_bucket.layer

  bucket                  = each.value.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "layer" {
  for_each = aws_s3_bucket.layer

  bucket = each.value.bucket
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "layer" {
  for_each = aws_s3_bucket.layer

  bucket = each.value.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "layer" {
  for_each = { for name, layer in local.layers : name => layer if layer.versioned }

  bucket = aws_s3_bucket.layer[each.key].bucket
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "layer" {
  for_each = local.layers

  bucket = aws_s3_bucket.layer[each.key].bucket

  # Versioned layers: keep replaced versions for a while (re-runs overwrite partitions).
  dynamic "rule" {
    for_each = each.value.versioned ? [1] : []
    content {
      id     = "expire-noncurrent-versions"
      status = "Enabled"
      filter {}
      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_days
      }
      abort_incomplete_multipart_upload {
        days_after_initiation = 7
      }
    }
  }

  dynamic "rule" {
    for_each = each.value.expire_days > 0 ? [1] : []
    content {
      id     = "expire-objects"
      status = "Enabled"
      filter {}
      expiration {
        days = each.value.expire_days
      }
      abort_incomplete_multipart_upload {
        days_after_initiation = 1
      }
    }
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.layers

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      local.bucket_arns[each.key],
      "${local.bucket_arns[each.key]}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = aws_s3_bucket.layer

  bucket     = each.value.bucket
  policy     = data.aws_iam_policy_document.tls_only[each.key].json
  depends_on = [aws_s3_bucket_public_access_block.layer]
}
