/**
 * Global set-up of the engine suites: fails fast without the pinned Pulumi engine, and makes the
 * run's work directory (where the first file that needs it builds the consumer project).
 */
import { activateEngine, tempDir } from "../../harness";
import { WORK_DIR_ENV } from "./support";

export default function globalSetup(): void {
  activateEngine();
  process.env[WORK_DIR_ENV] = tempDir("e2e-run");
}
