#!/usr/bin/env node
// Validates rendered manifests against the Kubernetes 1.27 OpenAPI schemas, strictly (an unknown
// field is an error, as with `kubectl apply --validate=strict`, the default from kubectl 1.27 on).
//
//   validate-k8s.js NODE_MODULES MANIFESTS.json
//
// The schemas come from npm: kubernetes-models 4.3.1 carries the schemas of Kubernetes v1.27.1
// (its _schemas/*.js register each definition with @kubernetes-models/validate, an ajv
// instance); @kubernetes-models/prometheus-operator carries the ServiceMonitor and PrometheusRule
// CRD schemas. scripts/install-helm installs both into build/tools/node_modules.
// MANIFESTS.json is a JSON array of the rendered objects (check-render.py writes it: node has no
// YAML parser here).
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

const [nodeModules, manifests] = process.argv.slice(2);
if (!nodeModules || !manifests) {
  console.error("usage: validate-k8s.js NODE_MODULES MANIFESTS.json");
  process.exit(2);
}
const fromTools = (id) => require(require.resolve(id, { paths: [nodeModules] }));

// Strict: every object schema that lists its properties gets additionalProperties: false, unless
// it says it keeps unknown fields (x-kubernetes-preserve-unknown-fields) or already decides.
function strictify(schema) {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    // properties and definitions map names to schemas: recurse into each value.
    out[k] = k === "properties" || k === "definitions" || k === "patternProperties"
      ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, strictify(s)]))
      : strictify(v);
  }
  if (out.properties && !("additionalProperties" in out) &&
      !out["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out;
}

// Every copy of @kubernetes-models/validate the models load gets strict schemas.
const realRequire = Module.prototype.require;
const wrapped = new Map();
Module.prototype.require = function (id) {
  const m = realRequire.apply(this, arguments);
  if (id !== "@kubernetes-models/validate") return m;
  if (!wrapped.has(m)) {
    wrapped.set(m, { ...m, register: (name, schema) => m.register(name, strictify(schema)) });
  }
  return wrapped.get(m);
};

// apiVersion -> the module holding its models.
function modelsFor(apiVersion) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return fromTools(`@kubernetes-models/prometheus-operator/${apiVersion}`);
  }
  return fromTools(`kubernetes-models/${apiVersion}`);
}

const version = fromTools("kubernetes-models/package.json").version;
const docs = JSON.parse(fs.readFileSync(manifests, "utf8"));
let failures = 0;
const seen = [];
for (const doc of docs) {
  const where = `${doc.kind} ${doc.metadata && doc.metadata.name}`;
  let Model;
  try {
    Model = modelsFor(doc.apiVersion)[doc.kind];
  } catch (e) {
    Model = undefined;
  }
  if (!Model) {
    console.error(`FAIL: ${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
    failures++;
    continue;
  }
  try {
    new Model(doc).validate();
    seen.push(doc.kind);
  } catch (e) {
    console.error(`FAIL: ${where} (${doc.apiVersion}) does not meet the Kubernetes schema: ${e.message}`);
    failures++;
  }
}
if (failures) process.exit(1);
console.log(`schema ok: ${seen.length} objects valid against kubernetes-models ${version} ` +
  `(Kubernetes 1.27, strict): ${seen.sort().join(", ")}`);
