// Validates JSON documents against the official Open311 GeoReport v2 schemas (schemas/official,
// copied verbatim from shared/conformance/open311) and Concord's few additions for shapes that
// have no official file (schemas/concord). Real JSON Schema validation: Ajv 8 + ajv-formats.
//
//   node validate.mjs <schema> <document.json>   prints the errors; exit code 1 when invalid
//   node validate.mjs --serve                     one request per stdin line:
//                                                 {"id":1,"schema":"requests","document":[...]}
//                                                 answered by {"id":1,"valid":false,"errors":["..."]}
//
// <schema> is a file name without .json (request, requests, service, services,
// service-definition, errors, discovery, post-response, tokens) or a swagger definition,
// e.g. swagger#/definitions/Request.
import { readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const base = "https://open311.concord.invalid/";

// strict:false because the official files are not ours to change (e.g. minItems beside $ref in
// requests.json); every keyword that applies to a document is still enforced.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// Swagger 2.0's own formats, used by swagger.json's definitions.
ajv.addFormat("uid", { type: "string", validate: (s) => s.length > 0 });
ajv.addFormat("double", { type: "number", validate: (n) => Number.isFinite(n) });
ajv.addFormat("uint", { type: "number", validate: (n) => Number.isInteger(n) && n >= 0 });

for (const folder of ["official", "concord"]) {
  for (const file of readdirSync(join(here, "schemas", folder)).filter((f) => f.endsWith(".json"))) {
    const schema = JSON.parse(readFileSync(join(here, "schemas", folder, file), "utf8"));
    // Ids are added to the loaded copy only, so relative $refs ("request.json") resolve.
    ajv.addSchema({ ...schema, $id: base + file });
  }
}

function validate(name, document) {
  const ref = name.includes("#") ? base + name.replace("#", ".json#") : base + name + ".json";
  const check = ajv.getSchema(ref);
  if (!check) {
    return { valid: false, errors: [`unknown schema '${name}'`] };
  }
  const valid = check(document);
  const errors = valid ? [] : check.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params && Object.keys(e.params).length ? " " + JSON.stringify(e.params) : ""}`);
  return { valid, errors };
}

if (process.argv[2] === "--serve") {
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let answer;
    try {
      const request = JSON.parse(line);
      answer = { id: request.id, ...validate(request.schema, request.document) };
    } catch (e) {
      answer = { id: null, valid: false, errors: [`bad request line: ${e.message}`] };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
} else if (process.argv.length === 4) {
  const result = validate(process.argv[2], JSON.parse(readFileSync(process.argv[3], "utf8")));
  for (const error of result.errors) console.log(error);
  console.log(result.valid ? "valid" : "invalid");
  process.exit(result.valid ? 0 : 1);
} else {
  console.error("usage: node validate.mjs <schema> <document.json> | --serve");
  process.exit(2);
}
