// Validates every manifest in this folder (and its variant folders) against the Kubernetes schemas (kubernetes-models).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";

const kinds = { Deployment, Job, ConfigMap, Secret, Service };
const here = dirname(fileURLToPath(import.meta.url));
let failures = 0, checked = 0;
// This folder and its variants (several-databases/), not node_modules.
const files = readdirSync(here, { recursive: true }).filter(f => f.endsWith(".yaml") && !f.startsWith("node_modules"));
for (const file of files) {
  for (const doc of yaml.loadAll(readFileSync(join(here, file), "utf8")).filter(Boolean)) {
    const Kind = kinds[doc.kind];
    try {
      if (!Kind) throw new Error(`no schema for kind ${doc.kind}`);
      new Kind(doc).validate();
      checked++;
    } catch (e) {
      failures++;
      console.error(`${file}: ${doc.kind}/${doc.metadata?.name}: ${e.message}`);
    }
  }
}
console.log(`manifests: ${checked} valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
