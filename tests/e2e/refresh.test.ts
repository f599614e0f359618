/**
 * Refresh, measured the way people run it: Graph GETs per resource of `pulumi refresh --yes` (the
 * CLI's default runs a preview first), with `--skip-preview`, with `--preview-only`, the same for
 * `pulumi up --refresh --yes`, and the Automation API's refresh (which always skips the preview).
 *
 * The preview of a refresh reads every resource, and so does the refresh itself: the engine sends
 * the provider the same ReadRequest both times (no preview flag; same environment, a fresh
 * provider process each time), so a dynamic provider cannot skip the preview's GET. These tests
 * pin that cost: 2 GETs per resource with the CLI's default, 1 with `--skip-preview`.
 */
import * as path from "path";
import { makePages } from "../../emulator";
import { EXAMPLES_DIR, callKey, type StepOutcome } from "../../harness";
import { StepSuite, cliOutputScan, linkResources, useSessions } from "../support/engine";

jest.setTimeout(600_000);

const PAGES = makePages(3, "REFRESH-TOKEN");
const N = PAGES.length;
const url = (i: number) => `https://example.com/refresh/page-${i + 1}`;
const drifted = "https://example.com/refresh/changed-out-of-band";
const figures: Record<string, number> = {};

/** Every call of the step is a GET of a Page's profile; records GETs per resource. */
function readsOnly(figure: string, perResource: number) {
  return ({ calls }: StepOutcome) => {
    expect(calls.map((c) => `${callKey(c)} ${c.status}`)).toEqual(
      Array.from({ length: perResource * N }, () => "GET /me/messenger_profile 200"),
    );
    for (const p of PAGES) expect(calls.filter((c) => c.pageId === p.id)).toHaveLength(perResource);
    figures[figure] = calls.length / N;
  };
}

const suite = new StepSuite({
  label: "refresh",
  pages: PAGES,
  test: () => ({
    program: path.join(EXAMPLES_DIR, "multi-page"),
    config: {
      pages: JSON.stringify(PAGES.map((_, i) => ({ name: `page${i + 1}`, accountLinkingUrl: url(i) }))),
      ...Object.fromEntries(PAGES.map((p, i) => [`page${i + 1}Token`, { value: p.token, secret: true }])),
    },
  }),
  steps: (s) => [
    {
      title: `up: ${N} resources on ${N} Pages`,
      name: "up",
      op: "up",
      calls: Array.from({ length: N }, () => ["GET /me", "POST /me/messenger_profile"]).flat(),
    },
    {
      title: "pulumi refresh --yes (CLI default, with its preview): 2 GETs per resource, the drift is read",
      name: "refresh --yes",
      op: { cli: ["refresh", "--yes"] },
      before: () => s.emu.setAccountLinkingUrl(PAGES[0].id, drifted),
      validate: (r, stack) => {
        readsOnly("refreshCliDefault", 2)(r);
        const first = linkResources(stack.rawResources()).find((l) => l.id === PAGES[0].id);
        expect(first?.outputs?.accountLinkingUrl).toBe(drifted);
      },
    },
    {
      title: "pulumi refresh --yes --skip-preview: 1 GET per resource",
      name: "refresh --yes --skip-preview",
      op: { cli: ["refresh", "--yes", "--skip-preview"] },
      validate: readsOnly("refreshSkipPreview", 1),
    },
    {
      title: "pulumi refresh --preview-only: 1 GET per resource, nothing written",
      name: "refresh --preview-only",
      op: { cli: ["refresh", "--preview-only"] },
      before: () => s.emu.setAccountLinkingUrl(PAGES[1].id, drifted),
      validate: (r, stack) => {
        readsOnly("refreshPreviewOnly", 1)(r);
        const second = linkResources(stack.rawResources()).find((l) => l.id === PAGES[1].id);
        expect(second?.outputs?.accountLinkingUrl).toBe(url(1)); // the preview wrote nothing
        s.emu.setAccountLinkingUrl(PAGES[1].id, url(1));
        s.emu.setAccountLinkingUrl(PAGES[0].id, url(0));
      },
    },
    {
      title: "Automation API refresh (always --skip-preview): 1 GET per resource",
      name: "refresh (Automation API)",
      op: "refresh",
      validate: readsOnly("refreshAutomationApi", 1),
    },
    {
      title: "pulumi up --refresh --yes (CLI default, with its preview): 2 GETs per resource, nothing to change",
      name: "up --refresh --yes",
      op: { cli: ["up", "--refresh", "--yes"] },
      validate: readsOnly("upRefreshCliDefault", 2),
    },
    {
      title: "pulumi up --refresh --yes --skip-preview: 1 GET per resource",
      name: "up --refresh --yes --skip-preview",
      op: { cli: ["up", "--refresh", "--yes", "--skip-preview"] },
      validate: readsOnly("upRefreshSkipPreview", 1),
    },
    {
      title: "destroy: one DELETE per Page",
      name: "destroy",
      op: "destroy",
      calls: Array.from({ length: N }, () => "DELETE /me/messenger_profile"),
    },
  ],
});

describe("refresh, measured the way people run it", () => {
  const sessions = useSessions("Graph calls per step: refresh");

  beforeAll(() => suite.start(sessions));
  afterAll(() => console.log(`GETs per resource: ${JSON.stringify(figures)}`));

  suite.tests();

  test("the figures: 2 GETs per resource with the CLI's preview, 1 without", () => {
    expect(figures).toEqual({
      refreshCliDefault: 2,
      refreshSkipPreview: 1,
      refreshPreviewOnly: 1,
      refreshAutomationApi: 1,
      upRefreshCliDefault: 2,
      upRefreshSkipPreview: 1,
    });
  });

  describe("after every step", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => PAGES.map((p) => p.token),
      8,
    );
  });
});
