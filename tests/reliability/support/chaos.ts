/**
 * The faults the concurrency scenarios' chaos picks from, on the lifecycle and on the engine.
 */
import type { FaultKind } from "../../../emulator/faults";

/** The faults the chaos picks from: mostly transient (retried), some permanent (clear failures). */
export const CHAOS_FAULTS: readonly FaultKind[] = [
  { type: "status", status: 500, body: "" },
  { type: "reset" },
  { type: "malformed" },
  { type: "html", status: 502 },
  { type: "graph", code: 2, status: 503, message: "(#2) Service temporarily unavailable", isTransient: true },
  {
    type: "graph",
    code: 10,
    status: 403,
    errorType: "OAuthException",
    message: "(#10) The pages_messaging permission is required.",
  },
  {
    type: "graph",
    code: 100,
    status: 400,
    errorType: "OAuthException",
    message: "(#100) Invalid parameter",
    echoUrl: true,
  },
];
