/**
 * `pulumi import` through the harness. A dynamic resource cannot be imported today: the engine's
 * ReadRequest of an import carries no properties, and the dynamic-provider host of @pulumi/pulumi
 * fails on it (pulumi#16175) before the provider runs. This pins that limit (0 Graph calls, nothing
 * in state) until the provider plugin makes `pulumi import` work.
 */
import { DEFAULT_PAGES } from "../../emulator";
import { REPO_ROOT } from "../../harness";
import { StepSuite, linkResources, useSessions, RESOURCE_TYPE } from "../support/engine";

jest.setTimeout(600_000);

const [ONE] = DEFAULT_PAGES;

const suite = new StepSuite({
  label: "import",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: REPO_ROOT,
    config: { "messenger:pageAccessToken": { value: ONE.token, secret: true } },
  }),
  steps: (s) => [
    {
      title:
        "import of a MessengerAccountLinking fails in the dynamic-provider host (pulumi#16175): 0 calls, nothing in state",
      name: "import (dynamic resource)",
      op: { import: [{ type: RESOURCE_TYPE, name: "adopted", id: ONE.id }] },
      before: () => s.emu.setAccountLinkingUrl(ONE.id, "https://example.com/set-by-hand"),
      fails: /importing failed|toJavaScript/,
      calls: 0,
      validate: (_, stack) => {
        expect(linkResources(stack.rawResources())).toEqual([]);
        expect(s.emu.page(ONE.id)?.accountLinkingUrl).toBe("https://example.com/set-by-hand");
      },
    },
  ],
});

describe("pulumi import", () => {
  const sessions = useSessions("Graph calls per step: import");
  beforeAll(() => suite.start(sessions));
  suite.tests();
});
