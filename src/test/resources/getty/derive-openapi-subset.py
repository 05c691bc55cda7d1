#!/usr/bin/env python3
"""Derives openapi-subset.json (the operations mediarelay's getty: component calls, with every schema they
reference) from Getty's published OpenAPI 3 document (APIs.guru conversion, getty-images-v3.openapi-3.0.1.apis-guru.json).
Usage: python3 derive-openapi-subset.py SOURCE.json > openapi-subset.json"""
import json, sys

OPS = {
    "/v3/search/images": ["get"], "/v3/search/images/creative": ["get"], "/v3/search/images/editorial": ["get"],
    "/v3/search/videos/creative": ["get"], "/v3/search/videos/editorial": ["get"],
    "/v3/images": ["get"], "/v3/videos": ["get"], "/v3/products": ["get"],
    "/v3/downloads/images/{id}": ["post"], "/v3/downloads/videos/{id}": ["post"], "/v3/downloads": ["get"],
    "/v3/usage-batches/{id}": ["put"], "/v3/boards/{board_id}": ["get"],
}

src = json.load(open(sys.argv[1]))
out = {k: src[k] for k in ("openapi", "info", "security")}
out["info"] = dict(src["info"], description="Subset of Getty Images API v3 used by mediarelay's getty: component. "
                   "Derived by derive-openapi-subset.py; do not edit by hand.")
out["servers"] = [{"url": "/"}]
out["paths"] = {p: {m: src["paths"][p][m] for m in ms} for p, ms in OPS.items()}
schemas, todo = {}, [out["paths"]]
while todo:
    node = todo.pop()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in schemas:
                schemas[name] = src["components"]["schemas"][name]
                todo.append(schemas[name])
        todo.extend(node.values())
    elif isinstance(node, list):
        todo.extend(node)
out["components"] = {"schemas": dict(sorted(schemas.items())), "securitySchemes": src["components"]["securitySchemes"]}
json.dump(out, sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
