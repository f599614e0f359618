/**
 * The faults the concurrency scenarios' chaos picks from, on the lifecycle and on the engine.
 */
import type { FaultKind } from "../../emulator/faults";
import { echoingUrl, INVALID_PARAMETER, PERMISSION_MISSING, SERVICE_UNAVAILABLE } from "./graph-faults";

/** The faults the chaos picks from: mostly transient (retried), some permanent (clear failures). */
export const CHAOS_FAULTS: readonly FaultKind[] = [
  { type: "status", status: 500, body: "" },
  { type: "reset" },
  { type: "malformed" },
  { type: "html", status: 502 },
  SERVICE_UNAVAILABLE,
  PERMISSION_MISSING,
  echoingUrl(INVALID_PARAMETER),
];
