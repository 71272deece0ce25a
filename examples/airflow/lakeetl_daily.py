"""Daily lakeetl chain on EMR Serverless: raw-to-refined, then refined-to-curated, for one run date.

Each task starts a job run with EmrServerlessStartJobOperator, exactly as `bin/etl-deploy emr run`
does (same entry point jar, arguments, spark-submit parameters, timeout, retry policy and tags),
and waits for it. A failed task posts to Slack (connection ``slack_lakeetl``, a Slack incoming
webhook). See README.md next to this file.

Airflow Variables (one set per Airflow deployment / environment):
  lakeetl_env                 dev, qa, staging or prod (conf/env/<env>.yaml of the jobs)
  lakeetl_artifacts           s3://<artifacts bucket>/<prefix>/<version>, the uploaded version
  lakeetl_application_id      EMR Serverless application id (Terraform output)
  lakeetl_execution_role_arn  the EMR Serverless job role (Terraform output)
  lakeetl_log_uri             s3://<temp bucket>/emr-serverless/logs/
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.amazon.aws.operators.emr import EmrServerlessStartJobOperator

LOG = logging.getLogger(__name__)

# Names as in deploy/src/main/java/dev/lakeetl/deploy/DeployedJob.java.
JOBS = {
    "raw-to-refined": {
        "main_class": "dev.lakeetl.jobs.refine.RawToRefinedJob",
        "config": "conf/flights-raw-to-refined.yaml",
    },
    "refined-to-curated": {
        "main_class": "dev.lakeetl.jobs.curate.RefinedToCuratedJob",
        "config": "conf/flights-refined-to-curated.yaml",
    },
}

# As deploy/deploy.yaml (emr.spark-conf, emr.timeout, emr.max-attempts, tags).
SPARK_CONF = {
    "spark.driver.cores": "2",
    "spark.driver.memory": "6g",
    "spark.executor.cores": "2",
    "spark.executor.memory": "6g",
}


EXECUTION_TIMEOUT_MINUTES = 120
MAX_ATTEMPTS = 1


def start_job_run_config() -> dict:
    """The other StartJobRun members etl-deploy sends: timeout, retry policy, tags."""
    return {
        "executionTimeoutMinutes": EXECUTION_TIMEOUT_MINUTES,
        "retryPolicy": {"maxAttempts": MAX_ATTEMPTS},
        "tags": {"environment": "{{ var.value.lakeetl_env }}", "project": "lakeetl"},
    }


def notify_failure(context: dict) -> None:
    """Posts the failed task, run date and log link to Slack; never raises."""
    task_instance = context["task_instance"]
    text = (
        f":x: lakeetl *{task_instance.task_id}* failed for run date {context['ds']} "
        f"(DAG run {context['run_id']}, try {task_instance.try_number}). Logs: {task_instance.log_url}"
    )
    try:
        from airflow.providers.slack.hooks.slack_webhook import SlackWebhookHook

        SlackWebhookHook(slack_webhook_conn_id="slack_lakeetl").send(text=text)
    except Exception:  # a failed notification must not hide the task failure
        LOG.exception("Cannot post the failure of %s to Slack", task_instance.task_id)


def job_driver(job: str) -> dict:
    """The sparkSubmit driver of one job, templated with the run date ({{ ds }})."""
    spec = JOBS[job]
    artifacts = "{{ var.value.lakeetl_artifacts }}"
    confs = " ".join(f"--conf {name}={value}" for name, value in sorted(SPARK_CONF.items()))
    return {
        "sparkSubmit": {
            "entryPoint": f"{artifacts}/jars/{job}.jar",
            "entryPointArguments": [
                "--config",
                f"{artifacts}/{spec['config']}",
                "--env",
                "{{ var.value.lakeetl_env }}",
                "--runtime",
                "emr-serverless",
                "--run-date",
                "{{ ds }}",
                "--run-id",
                f"{job}-{{{{ ds_nodash }}}}-{{{{ ti.try_number }}}}",
            ],
            "sparkSubmitParameters": f"--class {spec['main_class']} {confs}",
        }
    }


default_args = {
    "owner": "data-engineering",
    "retries": 1,
    "retry_delay": timedelta(minutes=10),
    "on_failure_callback": notify_failure,
}

with DAG(
    dag_id="lakeetl_daily",
    description="raw-to-refined, then refined-to-curated, on EMR Serverless",
    schedule="0 3 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["lakeetl"],
) as dag:
    tasks = {}
    for job_name in JOBS:
        tasks[job_name] = EmrServerlessStartJobOperator(
            task_id=job_name.replace("-", "_"),
            application_id="{{ var.value.lakeetl_application_id }}",
            execution_role_arn="{{ var.value.lakeetl_execution_role_arn }}",
            name=f"{job_name}-{{{{ ds }}}}",
            job_driver=job_driver(job_name),
            config=start_job_run_config(),
            configuration_overrides={
                "monitoringConfiguration": {
                    "s3MonitoringConfiguration": {"logUri": "{{ var.value.lakeetl_log_uri }}"}
                }
            },
            wait_for_completion=True,
            aws_conn_id="aws_default",
            execution_timeout=timedelta(hours=2),
        )

    tasks["raw-to-refined"] >> tasks["refined-to-curated"]
