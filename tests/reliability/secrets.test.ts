/**
 * Secrets under the worst server: a Graph error whose message echoes the whole request URL back
 * (access_token and appsecret_proof included), on every operation, permanent and transient (retried
 * until the deadline), with the token from the input and from the environment. The error's message,
 * stack and inspected form, the MESSENGER_DEBUG log and the onAttempt reports must hold no secret,
 * and the echoed URL must really be there, redacted (otherwise the scenario would prove nothing).
 */
import type { Emulator } from "../../emulator/server";
import { GraphApiError } from "../../provider/graph/errors";
import type { AttemptReport } from "../../provider/graph/client";
import type { AccountLinkingOutputs } from "../../provider/account-linking/types";
import {
  checked,
  lifecycleFor,
  mark,
  requestsSince,
  targetOf,
  type Operation,
  useDebugEmulator,
} from "../support/fault-harness";
import { echoingUrl, INVALID_PARAMETER, SERVICE_UNAVAILABLE } from "../support/graph-faults";
import { mulberry32, SEED } from "../support/prng";
import { scenario, useReport } from "../support/report";
import { captureOutput, errorTexts, secrets, seedPage, type ScanText } from "../support/secret-scan";

useReport("secrets-echoed-url");

const OPS: readonly Operation[] = ["create", "update", "read", "delete"];
const KINDS = ["permanent (Graph 100)", "transient (Graph 2) until the deadline"] as const;
const SOURCES = ["input", "env"] as const;
const rows = OPS.flatMap((op) => KINDS.flatMap((kind) => SOURCES.map((source) => ({ op, kind, source }))));
const random = mulberry32(SEED + 11);
// Every Page requires appsecret_proof, so that the echoed URL carries one too; token shapes vary.
const pages = rows.map((_, i) =>
  seedPage(random, i, { id: String(5000000000000001 + i), appSecret: true, prefix: "Echo Page" }),
);

const emulator = useDebugEmulator(pages);
let emu: Emulator;
beforeAll(() => {
  emu = emulator();
});

describe("an error that echoes the request URL leaks nothing", () => {
  rows.forEach(({ op, kind, source }, i) => {
    scenario("secrets/echoed-url", `${op} × ${kind}, echoing the URL [${source} token]`, async () => {
      const page = pages[i];
      const reports: AttemptReport[] = [];
      const lc = lifecycleFor(emu, {
        retry: { maxRetries: 100, backoffBaseMs: 20, backoffMaxMs: 60, deadlineMs: 600 },
        envToken: source === "env" ? page.token : undefined,
        envAppSecret: source === "env" ? page.appSecret : undefined,
        observer: i % 2 === 0 ? (r) => reports.push(r) : undefined,
      });
      const raw = (u: string) => ({
        accountLinkingUrl: u,
        ...(source === "input" ? { pageAccessToken: page.token, appSecret: page.appSecret } : {}),
      });
      const cap = captureOutput();
      let error: unknown;
      const m = mark(emu);
      try {
        let olds: AccountLinkingOutputs | undefined;
        if (op !== "create") olds = (await lc.create(await checked(lc, raw("https://example.com/echo/old")))).outs;
        const news = await checked(lc, raw("https://example.com/echo/new"));
        const t = targetOf(op);
        emu.injectFault({
          match: { method: t.method, path: t.path, pageId: page.id },
          fault: kind === KINDS[0] ? echoingUrl(INVALID_PARAMETER) : echoingUrl(SERVICE_UNAVAILABLE),
          times: 10_000,
        });
        if (op === "create") await lc.create(news);
        else if (op === "update") await lc.update(page.id, olds!, news);
        else if (op === "read") await lc.read(page.id, olds);
        else await lc.delete(page.id, olds!);
      } catch (e) {
        error = e;
      } finally {
        emu.clearFaults();
      }
      const output = cap.stop();
      const texts: ScanText[] = [
        ...errorTexts(error, "error"),
        { where: "debug log", text: output },
        { where: "onAttempt reports", text: JSON.stringify(reports) },
      ];
      const scan = secrets.assertClean(texts);

      expect(GraphApiError.isInstance(error)).toBe(true);
      const g = error as GraphApiError;
      const t = targetOf(op);
      // The echo is there, with its secrets replaced: the scan had something to find.
      expect(g.message).toContain(`(request: ${t.method} /v25.0${t.path}?`);
      expect(g.message).toMatch(/access_token=\[REDACTED\]/);
      expect(g.message).toMatch(/appsecret_proof=\[REDACTED\]/);
      expect(g.code).toBe(kind === KINDS[0] ? 100 : 2);
      const attempts = requestsSince(emu, m, page.id).filter(
        (r) => r.method === t.method && r.path.endsWith(t.path) && r.status !== 200,
      ).length;
      expect(g.attempts).toBe(attempts);
      if (kind === KINDS[0]) expect(attempts).toBe(1);
      else expect(attempts).toBeGreaterThan(2);
      if (i % 2 === 1)
        expect(output).toContain(`[messenger] ${t.method} /v25.0${t.path}`); // the debug log was captured
      else expect(reports.length).toBeGreaterThanOrEqual(attempts);
      return { details: { op, kind, source, attempts, message: g.message }, scan };
    });
  });
});
