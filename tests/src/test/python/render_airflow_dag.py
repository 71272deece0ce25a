"""Renders the StartJobRun requests an Airflow DAG file would send, without Airflow.

Airflow cannot be installed here, so this stands in for the two parts of it a DAG file touches:
``airflow.DAG`` and the Amazon provider's ``EmrServerlessStartJobOperator``, which records the
arguments each task is built with. The templated fields are then rendered the way Airflow renders
them (Jinja, strings inside dicts and lists too) for one logical date, with the given Airflow
Variables and try number 1.

Usage: python3 render_airflow_dag.py <dag file> <logical date YYYY-MM-DD> <variables JSON>
Prints one JSON object: {"<task id>": {"upstream": [...], <rendered arguments>...}, ...}.
Needs jinja2 (Airflow's template engine).
"""

import datetime
import importlib.util
import json
import sys
import types

import jinja2

TEMPLATE_FIELDS = (
    "application_id",
    "config",
    "execution_role_arn",
    "job_driver",
    "configuration_overrides",
    "name",
)


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.arguments = kwargs
        self.tasks = {}

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None
        return False


class EmrServerlessStartJobOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.arguments = kwargs
        self.upstream = []
        DAG.current.tasks[task_id] = self

    def __rshift__(self, other):
        other.upstream.append(self.task_id)
        return other


def install_stand_ins():
    airflow = types.ModuleType("airflow")
    airflow.DAG = DAG
    emr = types.ModuleType("airflow.providers.amazon.aws.operators.emr")
    emr.EmrServerlessStartJobOperator = EmrServerlessStartJobOperator
    for name in (
        "airflow.providers",
        "airflow.providers.amazon",
        "airflow.providers.amazon.aws",
        "airflow.providers.amazon.aws.operators",
    ):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["airflow"] = airflow
    sys.modules["airflow.providers.amazon.aws.operators.emr"] = emr


def render(value, environment, context):
    if isinstance(value, str):
        return environment.from_string(value).render(**context)
    if isinstance(value, dict):
        return {key: render(item, environment, context) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(item, environment, context) for item in value]
    return value


def main(dag_file, logical_date, variables):
    install_stand_ins()
    spec = importlib.util.spec_from_file_location("dag_under_test", dag_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = next(value for value in vars(module).values() if isinstance(value, DAG))

    day = datetime.date.fromisoformat(logical_date)
    context = {
        "ds": day.isoformat(),
        "ds_nodash": day.strftime("%Y%m%d"),
        "var": types.SimpleNamespace(value=types.SimpleNamespace(**variables)),
        "ti": types.SimpleNamespace(try_number=1),
    }
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    rendered = {}
    for task_id, task in dag.tasks.items():
        fields = {
            name: render(task.arguments[name], environment, context)
            for name in TEMPLATE_FIELDS
            if name in task.arguments
        }
        fields["upstream"] = task.upstream
        rendered[task_id] = fields
    json.dump({"dag_id": dag.dag_id, "schedule": dag.arguments.get("schedule"), "tasks": rendered}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
