"""A pipeline written against MLflow, run unchanged against ModelHub: ./run.sh governed_pipeline.py PHASE MODEL [VERSION]

register: logs a run with the fine-tuned model id (no MLmodel file), registers runs:/<id>/model and stages it.
promote:  asks for Production the MLflow way; ModelHub refuses and opens a promotion request instead.
verify:   after a reviewer approved in ModelHub, the production alias and latest Production version answer it.
Prints one JSON line with what it saw; exits 1 on an unexpected answer.
"""

import json
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

phase, model = sys.argv[1], sys.argv[2]
client = MlflowClient()


def refused(fn):
    try:
        fn()
    except MlflowException as e:
        return {"error_code": e.error_code, "message": e.message}
    return None


if phase == "register":
    mlflow.set_experiment(f"{model}-pipeline")
    with mlflow.start_run() as run:
        mlflow.log_params({"base_model": "gpt-4o-mini-2024-07-18", "n_epochs": 3})
        for step, loss in enumerate([1.2, 0.8, 0.5], start=1):
            mlflow.log_metric("train_loss", loss, step=step)
        mlflow.set_tag("fine_tuned_model", "ft:gpt-4o-mini-2024-07-18:acme:sentiment:xyz789")
    mv = mlflow.register_model(f"runs:/{run.info.run_id}/model", model)
    staged = client.transition_model_version_stage(model, mv.version, "Staging")
    fetched = mlflow.get_run(run.info.run_id)
    print(json.dumps({"run_id": run.info.run_id, "version": mv.version, "stage": staged.current_stage,
                      "status": mv.status, "source": mv.source,
                      "metrics": fetched.data.metrics, "history": len(client.get_metric_history(run.info.run_id, "train_loss"))}))
elif phase == "promote":
    version = sys.argv[3]
    print(json.dumps({
        "transition": refused(lambda: client.transition_model_version_stage(model, version, "Production")),
        "alias": refused(lambda: client.set_registered_model_alias(model, "production", version)),
        "stage": client.get_model_version(model, version).current_stage,
    }))
elif phase == "verify":
    version = sys.argv[3]
    by_alias = client.get_model_version_by_alias(model, "production")
    latest = client.get_latest_versions(model, ["Production"])
    print(json.dumps({
        "alias_version": by_alias.version,
        "alias_stage": by_alias.current_stage,
        "latest": [m.version for m in latest],
        "delete": refused(lambda: client.delete_model_version(model, version)),
        "delete_model": refused(lambda: client.delete_registered_model(model)),
    }))
else:
    sys.exit(f"unknown phase {phase}")
