/**
 * Concurrency on the lifecycle: 20 resources on 20 Pages created at once while the emulator fails
 * a seeded random 30% of all calls (transient and permanent faults mixed). Each create either
 * succeeds (the Page holds its URL) or fails with a clear GraphApiError (and the Page holds
 * nothing); a second pass with the faults cleared converges every Page. The engine-level version
 * is in engine/engine.test.ts.
 */
import { startEmulator, type Emulator } from "../../emulator/server";
import { GraphApiError } from "../../provider/graph/errors";
import { CHAOS_FAULTS } from "../support/chaos";
import { checked, lifecycleFor } from "../support/fault-harness";
import { mulberry32, SEED } from "../support/prng";
import { note, scenario, useReport } from "../support/report";
import { captureOutput, errorTexts, secrets, seedPage, type ScanText } from "../support/secret-scan";

useReport("concurrency-lifecycle");

const random = mulberry32(SEED + 23);
const pages = Array.from({ length: 20 }, (_, i) =>
  seedPage(random, i, { id: String(6000000000000001 + i), appSecret: i % 4 === 0, prefix: "Chaos Page" }),
);
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages });
});

afterAll(async () => {
  await emu?.close();
});

for (const seedOffset of [0, 1, 2]) {
  scenario(
    "concurrency/lifecycle",
    `20 creates on 20 Pages at once, 30% of calls faulted (seed ${SEED + seedOffset})`,
    async () => {
      for (const p of pages) emu.setAccountLinkingUrl(p.id, undefined);
      emu.resetRateLimits();
      emu.clearRequests();
      emu.setChaos({ rate: 0.3, seed: SEED + seedOffset, faults: CHAOS_FAULTS });
      const lc = lifecycleFor(emu, {
        retry: { maxRetries: 2, backoffBaseMs: 10, backoffMaxMs: 40, attemptTimeoutMs: 500, deadlineMs: 3000 },
      });
      const url = (i: number) => `https://example.com/chaos/${seedOffset}/page-${i}`;
      const inputs = await Promise.all(
        pages.map((p, i) =>
          checked(lc, {
            accountLinkingUrl: url(i),
            pageAccessToken: p.token,
            ...(p.appSecret ? { appSecret: p.appSecret } : {}),
          }),
        ),
      );
      const cap = captureOutput();
      const first = await Promise.allSettled(inputs.map((inp) => lc.create(inp)));
      const stats = emu.chaosStats();
      emu.clearFaults();
      const texts: ScanText[] = [{ where: "output", text: cap.stop() }];
      const failed: number[] = [];
      first.forEach((r, i) => {
        if (r.status === "fulfilled") {
          expect(r.value.id).toBe(pages[i].id);
          expect(emu.page(pages[i].id)?.accountLinkingUrl).toBe(url(i));
        } else {
          failed.push(i);
          texts.push(...errorTexts(r.reason, `create ${i}`));
          // A clear failure: a GraphApiError naming the call, with the Graph code or HTTP status.
          expect(GraphApiError.isInstance(r.reason)).toBe(true);
          const g = r.reason as GraphApiError;
          expect(g.message).toMatch(/^(GET|POST) \/v25\.0\/me(\/messenger_profile)? failed: /);
          expect(g.code !== undefined || g.status !== undefined || g.kind === "network" || g.kind === "protocol").toBe(
            true,
          );
          // A failed create leaves nothing on the Page (its POST never succeeded).
          expect(emu.page(pages[i].id)?.accountLinkingUrl).toBeUndefined();
        }
      });
      expect(stats!.failed).toBeGreaterThan(0);

      // Second pass, faults cleared: the failed ones converge; the others are untouched.
      emu.clearRequests();
      const second = await Promise.allSettled(failed.map((i) => lc.create(inputs[i])));
      for (const r of second) if (r.status === "rejected") texts.push(...errorTexts(r.reason, "second pass"));
      expect(second.every((r) => r.status === "fulfilled")).toBe(true);
      expect(emu.requests()).toHaveLength(2 * failed.length);
      pages.forEach((p, i) => expect(emu.page(p.id)?.accountLinkingUrl).toBe(url(i)));
      const scan = secrets.assertClean(texts);
      if (seedOffset === 0)
        note(
          `concurrency: chaos picks among ${CHAOS_FAULTS.length} faults (${CHAOS_FAULTS.map((f) => (f.type === "graph" ? `graph ${f.code}` : f.type === "status" ? `HTTP ${f.status}` : f.type)).join(", ")})`,
        );
      return {
        details: {
          faultedCalls: stats,
          failedCreates: failed.length,
          succeededFirstPass: pages.length - failed.length,
          secondPassCalls: 2 * failed.length,
        },
        scan,
      };
    },
  );
}
