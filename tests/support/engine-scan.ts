/**
 * The engine suites' secret scan: everything the engine and the provider left in the sessions of a
 * test file (every command's CLI output, the backends' raw state files and history, the Pulumi homes
 * but their plugin binaries), plus the texts a caller adds, scanned for every registered secret.
 */
import * as path from "path";
import { filesUnder, readIfStillThere } from "../../harness";
import type { Sessions } from "./engine";
import { secrets, type ScanResult, type ScanText } from "./secret-scan";

/**
 * Scans every session's CLI output, state files and Pulumi home, and `extra`; throws on any secret found.
 *
 * @param sessions - the test file's sessions
 * @param extra - more texts (e.g. the error of a step that failed as it had to)
 */
export function scanSessions(sessions: Sessions, extra: readonly ScanText[] = []): ScanResult {
  const texts: ScanText[] = [
    ...sessions.outputs().map((o) => ({ where: `CLI output of ${o.stack} ${o.step}`, text: o.text })),
    ...extra,
  ];
  for (const h of sessions.all)
    for (const dir of [h.backend.stateDir, h.backend.pulumiHome])
      for (const f of filesUnder(dir)) {
        if (f.includes(`${path.sep}plugins${path.sep}`)) continue;
        const text = readIfStillThere(f);
        if (text !== undefined) texts.push({ where: `file ${path.relative(h.backend.root, f)}`, text });
      }
  return secrets.assertClean(texts);
}
