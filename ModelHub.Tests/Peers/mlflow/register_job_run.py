"""Registers a ModelHub fine-tune job's run the MLflow way: ./run.sh register_job_run.py RUN_ID MODEL
Prints one JSON line: the registered version, its run id and tags. Exits 1 when register_model raises."""

import json
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

run_id, model = sys.argv[1], sys.argv[2]
try:
    mv = mlflow.register_model(f"runs:/{run_id}/model", model)
except MlflowException as e:
    print(json.dumps({"error_code": e.error_code, "message": e.message}))
    sys.exit(1)

v = MlflowClient().get_model_version(model, mv.version)
print(json.dumps({"version": v.version, "run_id": v.run_id, "tags": v.tags, "status": v.status}))
