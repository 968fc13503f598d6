#!/usr/bin/env python3
"""Writes data_api_contract.json: the facts of Veracross's published Data API
schema that the plugin and the simulator depend on, in our own format.

Input: the Data API schema as TypeScript types generated from Veracross's
OpenAPI description (groton-school/veracross-cli,
packages/oauth2-cli/veracross/src/spec/Data-API.ts). Run:

  git -C <veracross-cli git dir> show <commit>:packages/oauth2-cli/veracross/src/spec/Data-API.ts > Data-API.ts
  tests/contract/extract_contract.py Data-API.ts <commit> > tests/contract/data_api_contract.json

The generated file is regular (one member a line), so a line reader is
enough: "name?: type;" members, "name: {" objects, "}[];" closing arrays, and
"Format: date" comments typing the string member that follows.
"""
import json
import re
import sys

# Every collection the plugin reads or the simulator serves, with its scope prefix.
ENDPOINTS = {
    "staff_faculty": "staff_faculty",
    "parents": "parents",
    "students": "students",
    "relationships": "relationships",
    "households": "households",
    "academics/config/grading_periods": "academics.config.grading_periods",
    "academics/classes": "academics.classes",
    "academics/enrollments": "academics.enrollments",
    "academics/permissions": "academics.permissions",
    "academics/class_schedules": "academics.class_schedules",
}

# Additions the Data API changelog (in the same docs mirror) records after the
# generated file was made: (endpoint, operation kind, part, name, description).
CHANGELOG_ADDITIONS = [
    ("relationships", "list", "query", "related_person_is_deceased", {"type": "boolean"}),
    ("relationships", "list", "record", "related_person_is_deceased", {"type": "boolean"}),
    ("relationships", "read", "record", "related_person_is_deceased", {"type": "boolean"}),
]
CHANGELOG_NOTE = ("relationships: related_person_is_deceased (query parameter of the list; field of list and "
                  "read records), Data API changelog entry 2026-08-20")

MEMBER = re.compile(r'^\s*(?:readonly\s+)?"?([A-Za-z0-9_.-]+)"?(\??):\s*(.*?);?$')
FORMAT = re.compile(r'Format:\s*([a-z-]+)')


def block(lines, start):
    """Lines of the {...} opened on lines[start], without the opening line."""
    depth = 0
    for i in range(start, len(lines)):
        depth += lines[i].count("{") - lines[i].count("}")
        if depth == 0:
            return lines[start + 1:i]
    raise ValueError("unbalanced braces from line %d" % start)


def find(lines, pattern, start=0, end=None):
    rx = re.compile(pattern)
    for i in range(start, len(lines) if end is None else end):
        if rx.search(lines[i]):
            return i
    raise KeyError(pattern)


def scalar(ts_type, fmt):
    if ts_type.startswith("number"):
        return {"type": "number"}
    if ts_type.startswith("boolean"):
        return {"type": "boolean"}
    if ts_type.startswith("string"):
        return {"type": fmt or "string"}
    if ts_type.startswith("components["):
        return {"type": "string"}
    raise ValueError("unknown type " + ts_type)


def members(lines):
    """Members of an object body: name -> description (nested objects recurse)."""
    out = {}
    fmt = None
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        m = FORMAT.search(stripped)
        if m:
            fmt = m.group(1)
        if stripped.startswith(("/*", "*")) or not stripped:
            i += 1
            continue
        if stripped.startswith("[name: string]"):
            i += 1
            continue
        mm = MEMBER.match(line)
        if not mm:
            raise ValueError("cannot read: " + line)
        name, _optional, rest = mm.groups()
        if rest == "{":
            body = block(lines, i)
            close = lines[i + len(body) + 1].strip()
            nested = {"type": "object", "fields": members(body)}
            out[name] = {"type": "array", "items": nested} if close.startswith("}[]") else nested
            i += len(body) + 2
        else:
            if rest.endswith("[]") and rest.startswith("("):
                out[name] = {"type": "array", "values": re.findall(r'"([^"]+)"', rest)}
            elif rest.endswith("[]") and rest.startswith('"'):
                out[name] = {"type": "array", "values": re.findall(r'"([^"]+)"', rest)}
            elif rest == "never":
                pass
            else:
                out[name] = scalar(rest, fmt)
            i += 1
        fmt = None
    return out


def operation(lines, name, kind):
    start = find(lines, r"^    %s: \{$" % re.escape(name))
    body = block(lines, start)
    params = block(body, find(body, r"^        parameters: \{$"))
    result = {"operation": name}
    for part in ("query", "header"):
        try:
            at = find(params, r"^            %s\??: \{$" % part)
            result[part] = members(block(params, at))
        except KeyError:
            result[part] = {}
    ok = block(body, find(body, r"^            200: \{$"))
    result["response_headers"] = sorted(members(block(ok, find(ok, r"^                headers: \{$"))))
    payload = block(ok, find(ok, r'"application/json": \{$'))
    shape = members(payload)
    data = shape["data"]
    if kind == "list":
        if data["type"] != "array":
            raise ValueError(name + ": list data is not an array")
        data = data["items"]
    result["record"] = data["fields"]
    lists = shape.get("value_lists")
    result["value_list_fields"] = lists["items"]["fields"]["fields"]["values"] if lists else []
    return result


def main():
    source, commit = sys.argv[1], sys.argv[2]
    lines = open(source, encoding="utf-8").read().split("\n")
    paths_at = find(lines, r"^export interface paths \{$")
    contract = {
        "about": "Facts from Veracross's published Data API v3 schema, for the contract tests "
                 "(tests/contract/README.md). Generated by extract_contract.py; do not edit by hand.",
        "source": {
            "repository": "groton-school/veracross-cli",
            "path": "packages/oauth2-cli/veracross/src/spec/Data-API.ts",
            "commit": commit,
            "generated_from": "Veracross's OpenAPI description, mirrored in "
                              "bernie-nyc/veracross-api-docs-mirror reference/Data-API.yaml",
        },
        "endpoints": {},
    }
    for path, scope in ENDPOINTS.items():
        entry = {"scope": scope}
        for kind, route in (("list", "/" + path), ("read", "/" + path + "/{id}")):
            try:
                at = find(lines, r'^    "%s": \{$' % re.escape(route), paths_at)
            except KeyError:
                entry[kind] = None
                continue
            path_block = block(lines, at)
            get = [l for l in path_block if re.match(r'^        get: operations\["', l)]
            if not get:
                entry[kind] = None
                continue
            entry[kind] = operation(lines, re.search(r'\["([^"]+)"\]', get[0]).group(1), kind)
        contract["endpoints"][path] = entry
    for path, kind, part, name, description in CHANGELOG_ADDITIONS:
        contract["endpoints"][path][kind][part][name] = description
    contract["source"]["changelog_additions"] = CHANGELOG_NOTE
    json.dump(contract, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
