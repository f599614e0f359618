/**
 * Every example of examples/ on the real engine, found by listing the folder (an example added
 * later runs too): up, an up that changes nothing (0 Graph calls), destroy. Each example runs in
 * place (it imports the package through the self-link `npm run build` makes), on a stack of its
 * own, all concurrently.
 */
import * as fs from "fs";
import * as path from "path";
import type { PageSeed } from "../../emulator";
import { DEFAULT_PAGES } from "../../emulator";
import { PROFILE_WIRE_FIELDS } from "../../provider";
import { callKey, listExamples, type ConfigInput, type Program } from "../../harness";
import { StepSuite, cliOutputScan, messengerResources, useSessions } from "../support/engine";

jest.setTimeout(600_000);

const [ONE, TWO] = DEFAULT_PAGES;
const secret = (value: string) => ({ value, secret: true });

/** What an example needs beyond the default (Page One's token in `messenger:pageAccessToken`). */
const EXAMPLE_CONFIG: Readonly<Record<string, { readonly config: ConfigInput; readonly pages: readonly PageSeed[] }>> =
  {
    basic: { config: { accountLinkingUrl: "https://example.com/examples/basic" }, pages: [ONE] },
    "multi-page": {
      config: {
        pages: JSON.stringify([
          { name: "one", accountLinkingUrl: "https://one.example.com/link" },
          { name: "two", accountLinkingUrl: "https://two.example.com/link" },
        ]),
        oneToken: secret(ONE.token),
        twoToken: secret(TWO.token),
      },
      pages: [ONE, TWO],
    },
  };

/**
 * Examples this suite cannot run: it gives a Page token only and expects one GET /me and one POST
 * per resource, while a bot also needs an app, a webhook receiver that answers Graph's callback
 * verification, and makes app and Page subscription calls. tests/e2e/bot.test.ts runs them (and
 * tests/e2e/webhook-sharing.test.ts runs examples/bot beside a second stack on the same app).
 */
const RUN_ELSEWHERE: ReadonlySet<string> = new Set(["bot", "bot-yaml"]);

const EXAMPLES: readonly Program[] = listExamples().filter((e) => !RUN_ELSEWHERE.has(path.basename(e.dir)));

function exampleSuite(example: Program): StepSuite {
  const name = path.basename(example.dir);
  const extra = EXAMPLE_CONFIG[name] ?? { config: {}, pages: [ONE] };
  let created = 0;
  return new StepSuite({
    label: `example-${name}`,
    pages: DEFAULT_PAGES,
    test: () => ({
      program: example.dir,
      config: { "messenger:pageAccessToken": secret(ONE.token), ...extra.config },
    }),
    steps: (suite) => [
      {
        title: `${name}: up creates every resource, one GET /me and one POST per Page`,
        name: "up",
        op: "up",
        validate: ({ calls, changes }, s) => {
          created = messengerResources(s.rawResources()).length;
          expect(created).toBeGreaterThan(0);
          expect(changes).toEqual({ create: created + 1 });
          expect(calls.every((c) => c.status === 200)).toBe(true);
          expect(calls.map(callKey).sort()).toEqual(
            Array.from({ length: created }, () => ["GET /me", "POST /me/messenger_profile"])
              .flat()
              .sort(),
          );
          for (const p of extra.pages) expect(suite.emu.page(p.id)?.accountLinkingUrl).toMatch(/^https:\/\//);
          if (name === "full-profile" || name === "native-ts") {
            expect(Object.keys(suite.emu.profile(ONE.id, "messenger") ?? {}).sort()).toEqual(
              [...PROFILE_WIRE_FIELDS].sort(),
            );
            expect(Object.keys(suite.emu.profile(ONE.id, "instagram") ?? {}).sort()).toEqual([
              "ice_breakers",
              "persistent_menu",
            ]);
          }
        },
      },
      {
        title: `${name}: up again with nothing changed: 0 Graph calls`,
        name: "up (no change)",
        op: "up",
        calls: 0,
        validate: ({ changes }) => expect(changes).toEqual({ same: created + 1 }),
      },
      {
        title: `${name}: destroy deletes every resource, one DELETE per Page`,
        name: "destroy",
        op: "destroy",
        validate: ({ calls, changes }, s) => {
          expect(changes).toEqual({ delete: created + 1 });
          expect(calls.map((c) => `${callKey(c)} ${c.status}`)).toEqual(
            Array.from({ length: created }, () => "DELETE /me/messenger_profile 200"),
          );
          expect(new Set(calls.map((c) => c.pageId)).size).toBe(extra.pages.length);
          expect(messengerResources(s.rawResources())).toEqual([]);
          for (const p of DEFAULT_PAGES) {
            expect(suite.emu.page(p.id)?.accountLinkingUrl).toBeUndefined();
            expect(suite.emu.profile(p.id, "messenger")).toEqual({});
            expect(suite.emu.profile(p.id, "instagram")).toEqual({});
          }
        },
      },
    ],
  });
}

const suites = EXAMPLES.map(exampleSuite);

describe("every example in examples/", () => {
  const sessions = useSessions("Graph calls per step: examples");

  beforeAll(async () => {
    await Promise.all(suites.map((s) => s.start(sessions)));
  });

  test("the examples are found by listing the folder, multi-page among them", () => {
    const names = EXAMPLES.map((e) => path.basename(e.dir));
    expect(names).toEqual(expect.arrayContaining(["basic", "multi-page"]));
    expect(EXAMPLES.every((e) => e.runtime === "nodejs" || e.runtime === "yaml" || e.runtime === "go")).toBe(true);
  });

  for (const s of suites) describe(s.label, () => s.tests());

  describe("after every example", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => DEFAULT_PAGES.map((p) => p.token),
      3 * EXAMPLES.length,
    );

    test("clean-up: stacks removed, no Pulumi.<stack>.yaml of theirs left in any example", async () => {
      const stacks = await Promise.all(suites.map((s) => s.run.stack));
      const configFiles = stacks.map((s) => path.join(s.workDir, `Pulumi.${s.name}.yaml`));
      for (const f of configFiles) expect(fs.existsSync(f)).toBe(true);
      for (const s of stacks) await s.dispose();
      expect(configFiles.filter((f) => fs.existsSync(f))).toEqual([]);
    });
  });
});
