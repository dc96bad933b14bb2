#!/usr/bin/env python3
"""Peer for the ModelHub benchmark: the format checks of OpenAI's chat fine-tuning
data-preparation cookbook, re-implemented here (json + the same checks, no tokens).

The cookbook loads the whole file with json.loads per line; this reads line by line
(same per-line work, less memory) so the comparison is not skewed by swapping.
Usage: cookbook_checks.py FILE [LABEL]   (LABEL names the RESULT line; default python-checks)
"""
import json
import resource
import sys
import time
from collections import defaultdict


def check(path):
    format_errors = defaultdict(int)
    n_examples = 0
    n_messages = []
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            ex = json.loads(line)
            n_examples += 1
            if not isinstance(ex, dict):
                format_errors["data_type"] += 1
                continue

            messages = ex.get("messages", None)
            if not messages:
                format_errors["missing_messages_list"] += 1
                continue

            for message in messages:
                if "role" not in message or "content" not in message:
                    format_errors["message_missing_key"] += 1

                if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
                    format_errors["message_unrecognized_key"] += 1

                if message.get("role", None) not in ("system", "user", "assistant", "function"):
                    format_errors["unrecognized_role"] += 1

                content = message.get("content", None)
                function_call = message.get("function_call", None)

                if (not content and not function_call) or not isinstance(content, str):
                    format_errors["missing_content"] += 1

            if not any(message.get("role", None) == "assistant" for message in messages):
                format_errors["example_missing_assistant_message"] += 1
            n_messages.append(len(messages))
    return n_examples, dict(format_errors)


def main():
    path = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else "python-checks"
    start = time.perf_counter()
    n_examples, errors = check(path)
    seconds = time.perf_counter() - start
    import os
    mb = os.path.getsize(path) / 1048576
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python cookbook checks: {mb:.1f} MB in {seconds:.2f} s = {mb / seconds:.1f} MB/s; "
          f"peak RSS {peak_mb:.0f} MB; examples {n_examples}; errors {sum(errors.values())}")
    print(f"RESULT {label} {mb / seconds:.2f} {peak_mb:.0f}")


if __name__ == "__main__":
    main()
