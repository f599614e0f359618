/**
 * getMessengerProfile on the real engine: a program reads a Page's current profile (set out of
 * band) into its stack outputs. Each run (preview and up alike: it is a read, like a data source)
 * makes exactly 2 calls, `GET /me` and one GET of the asked fields; the outputs hold the normalized
 * values and never the token.
 */
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { StepSuite, expectExactRequest, useSessions, want } from "../support/engine";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "profile");
const [ONE] = DEFAULT_PAGES;
const secret = (value: string) => ({ value, secret: true });
const read = (args: Record<string, unknown>) => ({
  resources: JSON.stringify([{ kind: "read", name: "current", args }]),
});

const reads = (version = "v25.0") => [
  want.me(ONE, version),
  {
    method: "GET",
    path: `/${version}/me/messenger_profile`,
    rawQuery: `fields=greeting,persistent_menu&access_token=${ONE.token}`,
    body: "",
    pageId: ONE.id,
  },
];

const suite = new StepSuite({
  label: "read-profile",
  pages: [ONE],
  test: () => ({
    program: PROGRAM,
    config: { "messenger:pageAccessToken": secret(ONE.token), ...read({ fields: ["greeting", "persistentMenu"] }) },
  }),
  steps: (s) => [
    {
      title: "preview reads the Page: GET /me + 1 GET of the asked fields",
      name: "preview",
      op: "preview",
      before: () =>
        s.emu.setProfileFields(ONE.id, {
          greeting: [
            { locale: "fr_FR", text: "Salut" },
            { locale: "default", text: "Hi" },
          ],
          get_started: { payload: "GO" },
        }),
      validate: ({ calls }) => {
        const sorted = [...calls].sort((a, b) => a.path.length - b.path.length);
        expect(sorted).toHaveLength(2);
        reads().forEach((w, i) => expectExactRequest(sorted[i], w));
      },
    },
    {
      title: "up: the stack outputs hold the normalized fields that are set, and only those asked",
      name: "up",
      op: "up",
      validate: async ({ calls }, stack) => {
        expect(calls).toHaveLength(2);
        const outs = (await stack.outputs()).resources as Record<string, Record<string, unknown>>;
        expect(outs.current).toEqual({
          pageId: ONE.id,
          pageName: ONE.name,
          platform: "messenger",
          fieldsSet: ["greeting"],
          greeting: [
            { locale: "default", text: "Hi" },
            { locale: "fr_FR", text: "Salut" },
          ],
        });
      },
    },
    {
      title: "a field named the wire way fails the program before any call",
      name: "bad field",
      op: "preview",
      config: read({ fields: ["get_started"] }),
      fails: /getStarted/,
      calls: 0,
    },
    { title: "destroy", name: "destroy", op: "destroy", calls: 0 },
  ],
});

describe("getMessengerProfile on the engine", () => {
  const sessions = useSessions("Graph calls per step: getMessengerProfile");
  beforeAll(() => suite.start(sessions));
  suite.tests();
  test("no Page token in the output of any command", () => {
    const all = sessions.outputs();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.map((o) => o.text).join("\n")).toContain(
      "[messenger] GET /v25.0/me/messenger_profile attempt 1: HTTP 200",
    );
    expect(all.filter((o) => o.text.includes(ONE.token)).map((o) => o.step)).toEqual([]);
  });
});
