#!/usr/bin/env python3
"""The chart README's parameters table documents every value, with the default values.yaml has.

usage: check-readme.py VALUES.yaml README.md

In the README's "## Parameters" section, each table row is | `key.path` | `default` | meaning |. Every leaf of values.yaml (a scalar, a list
or an empty map) must have a row of its own or of a map above it; a row's default, read as YAML,
must equal the value in values.yaml (a row for a map shows the whole map). A row whose default is
(unset) names a value the schema knows but values.yaml leaves out (e.g. minAvailable); a row for
anything values.yaml and the schema do not have is stale.
"""
import json
import os
import re
import sys

import yaml

values_path, readme_path = sys.argv[1], sys.argv[2]
values = yaml.safe_load(open(values_path))
schema = json.load(open(os.path.join(os.path.dirname(values_path), "values.schema.json")))
failures = []

ROW = re.compile(r"^\|\s*`([A-Za-z0-9_.]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$")
rows = {}
section = None
for line in open(readme_path):
    if line.startswith("## "):
        section = line[3:].strip()
    m = ROW.match(line)
    if section != "Parameters" or not m:
        continue
    key, default, meaning = m.groups()
    if key in rows:
        failures.append(f"{key}: two rows")
    rows[key] = (default, meaning)
if not rows:
    sys.exit(f"FAIL: no parameters table in {readme_path}")

MISSING = object()


def lookup(tree, path):
    for part in path.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return MISSING
        tree = tree[part]
    return tree


def in_schema(path):
    node = schema
    for part in path.split("."):
        props = node.get("properties", {})
        if part not in props:
            return False
        node = props[part]
        if "$ref" in node:
            node = schema["definitions"][node["$ref"].split("/")[-1]]
    return True


def leaves(tree, prefix=""):
    for k, v in tree.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            yield from leaves(v, path + ".")
        else:
            yield path


for key, (default, meaning) in rows.items():
    if not meaning:
        failures.append(f"{key}: no meaning given")
    value = lookup(values, key)
    if default == "(unset)":
        if value is not MISSING:
            failures.append(f"{key}: README says unset, values.yaml has {value!r}")
        elif not in_schema(key):
            failures.append(f"{key}: neither in values.yaml nor in values.schema.json (stale row)")
        continue
    if value is MISSING:
        failures.append(f"{key}: not in values.yaml (stale row)")
        continue
    m = re.fullmatch(r"`(.*)`", default)
    if not m:
        failures.append(f"{key}: default {default!r} is not in backquotes")
        continue
    try:
        documented = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        failures.append(f"{key}: default {m.group(1)!r} is not YAML: {e}")
        continue
    if documented != value:
        failures.append(f"{key}: README default {documented!r}, values.yaml {value!r}")

for leaf in leaves(values):
    parts = leaf.split(".")
    if not any(".".join(parts[:i]) in rows for i in range(1, len(parts) + 1)):
        failures.append(f"{leaf}: in values.yaml, not in the README's parameters table")

if failures:
    print("FAIL:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(rows)} rows document all {len(list(leaves(values)))} values")
