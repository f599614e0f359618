/**
 * Global set-up of the engine suites: fails fast without the pinned Pulumi engine, makes the run's
 * work directory (where the first file that needs it builds the consumer project), and brings the
 * Go example up to date (its SDK regenerated from the schema, its binary rebuilt when that or the
 * program changed) once for every suite that runs it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EXAMPLES_DIR, REPO_ROOT, activateEngine, tempDir } from "../../harness";
import { WORK_DIR_ENV } from "../support/engine";

export default function globalSetup(): void {
  activateEngine();
  process.env[WORK_DIR_ENV] = tempDir("e2e-run");
  if (fs.existsSync(path.join(EXAMPLES_DIR, "go", "Pulumi.yaml")))
    execFileSync(path.join(REPO_ROOT, "scripts", "build-go-example"), { stdio: ["ignore", "inherit", "inherit"] });
}
