# The EMR Serverless Spark application of one environment (emr.application-name); job runs are
# started by bin/etl-deploy emr run or the Airflow DAG in examples/airflow.
resource "aws_emrserverless_application" "spark" {
  name          = var.application_name
  release_label = var.release_label
  type          = "spark"

  dynamic "initial_capacity" {
    for_each = { for type, count in { Driver = var.initial_driver_count, Executor = var.initial_executor_count } : type => count if count > 0 }
    content {
      initial_capacity_type = initial_capacity.key
      initial_capacity_config {
        worker_count = initial_capacity.value
        worker_configuration {
          cpu    = var.worker_cpu
          memory = var.worker_memory
        }
      }
    }
  }

  # In the VPC of the MSK brokers when given: every job run's workers get interfaces there, so the
  # subnets need a route to S3 and the AWS APIs (NAT or VPC endpoints).
  dynamic "network_configuration" {
    for_each = var.vpc == null ? [] : [var.vpc]
    content {
      subnet_ids         = network_configuration.value.subnet_ids
      security_group_ids = network_configuration.value.security_group_ids
    }
  }

  maximum_capacity {
    cpu    = var.maximum_cpu
    memory = var.maximum_memory
  }

  auto_start_configuration {
    enabled = true
  }

  auto_stop_configuration {
    enabled              = true
    idle_timeout_minutes = var.idle_timeout_minutes
  }

  tags = merge(var.tags, { environment = var.environment })
}
