/** Global teardown of the engine suites: removes the run's work directory. */
import { removeDir } from "../../harness";
import { WORK_DIR_ENV } from "../support/engine";

export default function globalTeardown(): void {
  removeDir(process.env[WORK_DIR_ENV]);
}
