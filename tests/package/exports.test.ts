// The package's `exports` map, as Node resolves it for a consumer (this repository's self-link in
// node_modules, made by `npm run build`, resolves exactly as an installed copy does).
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "pulumi-messenger";

/** What `require(specifier)` gives a consumer: its export names, or the error code. */
function requireFromConsumer(specifier: string): { keys?: string[]; code?: string } {
  const script = `
    try { process.stdout.write(JSON.stringify({ keys: Object.keys(require(${JSON.stringify(specifier)})) })); }
    catch (e) { process.stdout.write(JSON.stringify({ code: e.code })); }`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as {
    keys?: string[];
    code?: string;
  };
}

describe("package exports", () => {
  test("the entry point exports what a program needs, and no internals", () => {
    const { keys } = requireFromConsumer(NAME);
    expect(keys).toEqual(expect.arrayContaining(["MessengerAccountLinking", "GraphApiError"]));
    for (const internal of ["AccountLinkingLifecycle", "GraphClient", "readProviderSettings", "redact"]) {
      expect(keys).not.toContain(internal);
    }
  });

  test("./emulator and ./package.json are exported", () => {
    expect(requireFromConsumer(`${NAME}/emulator`).keys).toContain("startEmulator");
    expect(requireFromConsumer(`${NAME}/package.json`).keys).toContain("exports");
  });

  test("the entry points the dynamic-provider host requires by name (recorded in state) load", () => {
    for (const resource of ["account-linking", "profile"]) {
      expect(requireFromConsumer(`${NAME}/dynamic/${resource}`).keys).toEqual([
        "configure",
        "check",
        "diff",
        "create",
        "read",
        "update",
        "delete",
      ]);
      expect(requireFromConsumer(`${NAME}/dynamic/${resource}/lifecycle`).keys).toContain("lifecycle");
    }
  });

  test("the compatibility package of the first name forwards what 0.1.x state names, and the entry points", () => {
    const OLD = "pulumi-messenger-account-linking";
    const methods = ["configure", "check", "diff", "create", "read", "update", "delete"];
    for (const shim of ["shim", "profile-shim"])
      expect(requireFromConsumer(`${OLD}/dist/provider/${shim}.js`).keys).toEqual(methods);
    for (const lifecycle of ["lifecycle", "profile-lifecycle"])
      expect(requireFromConsumer(`${OLD}/dist/provider/${lifecycle}.js`).keys).toContain("lifecycle");
    expect(requireFromConsumer(OLD).keys).toEqual(requireFromConsumer(NAME).keys);
    expect(requireFromConsumer(`${OLD}/emulator`).keys).toContain("startEmulator");
    expect(requireFromConsumer(`${OLD}/dist/provider/graph-client.js`)).toEqual({
      code: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
  });

  test("every other file is private", () => {
    for (const file of [
      "dist/provider/graph/client.js",
      "dist/provider/index.js",
      "dist/provider/profile/shim.js",
      "dist/emulator",
      "provider/graph/redact",
    ]) {
      expect(requireFromConsumer(`${NAME}/${file}`)).toEqual({ code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
    }
  });
});
