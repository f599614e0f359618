// The resource table (provider/resources.ts) is the one list of resources: every entry is a class of
// the package entry with its args and state types, and a resource of the plugin's schema with its
// secrets marked (tests/plugin/server.test.ts checks that the plugin serves these types over gRPC).
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../harness";
import * as entry from "../../provider";
import { PULUMI_PACKAGE } from "../../provider/core/package-names";
import { RESOURCES } from "../../provider/resources";

const DIST = path.join(REPO_ROOT, "dist", "provider");
const schema = JSON.parse(fs.readFileSync(path.join(DIST, "plugin", "schema.json"), "utf8")) as {
  resources: Record<
    string,
    { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }> }
  >;
};

test("the table lists the package's resources, each once", () => {
  expect(RESOURCES.map((r) => r.className)).toEqual([
    "MessengerAccountLinking",
    "MessengerProfile",
    "MessengerWebhook",
    "MessengerPageSubscription",
  ]);
  expect(new Set(RESOURCES.map((r) => r.name)).size).toBe(RESOURCES.length);
});

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (_name, r) => {
  test("its class is exported by the package entry, with its args and state types", () => {
    expect(typeof (entry as Record<string, unknown>)[r.className]).toBe("function");
    const dts = fs.readFileSync(path.join(DIST, "index.d.ts"), "utf8");
    for (const type of [r.className, `${r.className}Args`, r.outputsType])
      expect(dts).toMatch(new RegExp(`\\b${type}\\b`));
  });

  test("it is a resource of the schema, its secret properties marked secret", () => {
    const resource = schema.resources[`${PULUMI_PACKAGE}:index:${r.name}`];
    expect(resource).toBeDefined();
    for (const key of r.secretProperties) {
      expect(resource.inputProperties[key]?.secret).toBe(true);
      expect(resource.properties[key]?.secret).toBe(true);
    }
  });
});

test("the schema describes exactly the table's resources", () => {
  expect(Object.keys(schema.resources).sort()).toEqual(
    RESOURCES.map((r) => `${PULUMI_PACKAGE}:index:${r.name}`).sort(),
  );
});
