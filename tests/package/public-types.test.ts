// The package's public types (the .d.ts files `npm run build` emits into dist/) never say `any`:
// ESLint's no-explicit-any covers the sources, this covers what the compiler infers and emits.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const DIST = path.resolve(__dirname, "..", "..", "dist");

/** Every `.d.ts` file under `dir`. */
function declarationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? declarationFiles(path.join(dir, e.name))
        : e.name.endsWith(".d.ts")
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** `file:line: text` for every `any` keyword in a declaration file's syntax tree. */
function anyKeywords(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${fileName}:${line + 1}: ${text.split("\n")[line].trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("public types", () => {
  test("the detector finds `any` in a type and ignores it in comments and strings", () => {
    const sample = [
      "/** any comment */",
      'export declare const s: "any";',
      "export declare function f(x: Record<string, any>): void;",
    ].join("\n");
    expect(anyKeywords("sample.d.ts", sample)).toEqual([
      "sample.d.ts:3: export declare function f(x: Record<string, any>): void;",
    ]);
  });

  test("no `any` in the emitted declarations of provider/ and emulator/", () => {
    const roots = ["provider", "emulator"].map((d) => path.join(DIST, d));
    for (const root of roots) {
      if (!fs.existsSync(root)) throw new Error(`${path.relative(process.cwd(), root)} is missing: run npm run build`);
    }
    const files = roots.flatMap(declarationFiles);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => anyKeywords(path.relative(DIST, f), fs.readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });
});
