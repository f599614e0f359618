/**
 * The Graph errors the reliability suites inject, written once: each as the live API answers it.
 */
import type { FaultKind } from "../../emulator/faults";

/** Graph 190/463: the token expired (permanent). */
export const TOKEN_EXPIRED: FaultKind = {
  type: "graph",
  code: 190,
  subcode: 463,
  status: 400,
  errorType: "OAuthException",
  message: "Error validating access token: Session has expired.",
};

/** Graph 10: the token lacks pages_messaging (permanent). */
export const PERMISSION_MISSING: FaultKind = {
  type: "graph",
  code: 10,
  status: 403,
  errorType: "OAuthException",
  message: "(#10) The pages_messaging permission is required.",
};

/** Graph 100: an invalid parameter (permanent). */
export const INVALID_PARAMETER: FaultKind = {
  type: "graph",
  code: 100,
  status: 400,
  errorType: "OAuthException",
  message: "(#100) Invalid parameter",
};

/** Graph 2: the service is temporarily unavailable (transient). */
export const SERVICE_UNAVAILABLE: FaultKind = {
  type: "graph",
  code: 2,
  status: 503,
  message: "(#2) Service temporarily unavailable",
  isTransient: true,
};

/** The same fault, with the request URL (token included) appended to its message, as some proxies do. */
export function echoingUrl(fault: FaultKind): FaultKind {
  if (fault.type !== "graph") throw new Error("only Graph errors echo the request URL");
  return { ...fault, echoUrl: true };
}
