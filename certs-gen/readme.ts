#!/usr/bin/env node
// Rewrites the catalog tables in certs-gen/README.md (between the catalog markers) from the catalog itself.
//
//   node certs-gen/readme.ts

import { readFileSync, writeFileSync } from "node:fs";
import { renderCatalog } from "./catalog.ts";

const README = new URL("./README.md", import.meta.url);
const MARKERS = /(<!-- catalog:start -->\n)[\s\S]*?(<!-- catalog:end -->)/;

const text = readFileSync(README, "utf8");
if (!MARKERS.test(text)) {
  process.stderr.write("readme: certs-gen/README.md has no <!-- catalog:start --> and <!-- catalog:end --> markers\n");
  process.exit(1);
}
writeFileSync(README, text.replace(MARKERS, (_match, start: string, end: string) => start + renderCatalog("markdown") + end));
process.stdout.write("readme: catalog tables in certs-gen/README.md rewritten\n");
