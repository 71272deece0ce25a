// Offline Terraform check: parses every .tf file under a folder with @cdktf/hcl2json (the HCL
// parser of Terraform, compiled to WebAssembly) and prints {"<path>": <file as JSON>, ...}.
// Exits 1 naming each file that does not parse. Needs the package on NODE_PATH:
//   npm install --prefix <dir> @cdktf/hcl2json@0.21.0
//   NODE_PATH=<dir>/node_modules node infrastructure/check/hcl2json.js infrastructure
"use strict";

const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

function terraformFiles(folder) {
  const files = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== ".terraform") {
      files.push(...terraformFiles(file));
    } else if (entry.isFile() && entry.name.endsWith(".tf")) {
      files.push(file);
    }
  }
  return files.sort();
}

async function main() {
  const root = process.argv[2];
  if (!root) {
    console.error("Usage: node hcl2json.js <folder>");
    process.exit(2);
  }
  const files = terraformFiles(root);
  if (files.length === 0) {
    console.error(`Cannot check Terraform: no .tf files under ${root}`);
    process.exit(1);
  }
  const parsed = {};
  const failures = [];
  for (const file of files) {
    try {
      parsed[path.relative(root, file)] = await parse(file, fs.readFileSync(file, "utf8"));
    } catch (error) {
      failures.push(`Cannot parse ${file}: ${error.message || error}`);
    }
  }
  if (failures.length > 0) {
    failures.forEach((failure) => console.error(failure));
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(parsed));
}

main().catch((error) => {
  console.error(`Cannot check Terraform: ${error.stack || error}`);
  process.exit(1);
});
