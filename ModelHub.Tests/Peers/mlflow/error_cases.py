"""The refusals a pipeline sees, as MLflow exceptions: ./run.sh error_cases.py MODEL
Prints one JSON line mapping each case to the error_code the client raised (or "ok")."""

import json
import sys

import mlflow
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

model = sys.argv[1]
client = MlflowClient()


def outcome(fn):
    try:
        fn()
    except MlflowException as e:
        return e.error_code
    return "ok"


print(json.dumps({
    "unknown_model": outcome(lambda: client.get_registered_model("no-such-model")),
    "bad_filter": outcome(lambda: client.search_model_versions("name = 'x' OR name = 'y'")),
    "read": outcome(lambda: client.search_registered_models()),
    "write": outcome(lambda: client.create_registered_model(model)),
}))
