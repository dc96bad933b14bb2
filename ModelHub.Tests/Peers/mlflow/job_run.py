"""Reads a version made in ModelHub's UI back through MLflow: ./run.sh job_run.py MODEL VERSION
Prints one JSON line: the version's run id, that run's metrics, params and tags, and what a write to the run raised."""

import json
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

model, version = sys.argv[1], sys.argv[2]
client = MlflowClient()
v = client.get_model_version(model, version)
run = mlflow.get_run(v.run_id)
history = client.get_metric_history(v.run_id, "train_loss")
experiment = client.get_experiment(run.info.experiment_id)

try:
    client.log_metric(v.run_id, "train_loss", 0.0, step=10_000)
    write = "ok"
except MlflowException as e:
    write = e.error_code

print(json.dumps({
    "run_id": v.run_id,
    "experiment": experiment.name,
    "status": run.info.status,
    "metrics": run.data.metrics,
    "params": run.data.params,
    "tags": run.data.tags,
    "history_steps": [m.step for m in history],
    "write": write,
}))
