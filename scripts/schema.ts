// The provider plugin's Pulumi package schema, generated from the resource table and the TypeScript
// types and their TSDoc: each resource of the table (provider/resources.ts) has its inputs from the
// arg interface of its TypeScript class (`<className>Args`), its outputs from its state interface,
// its description from the class's doc comment; the provider's config is the connection settings
// (ConnectionConfig) and the HTTP tunables (RetryOptions); secrets are the table's and the settings'.
// Declarations are found by name in the sources the package's entry reaches: there is no second,
// hand-kept copy of anything, and no source path here. The plugin serves exactly what this prints.
//
//   node dist/scripts/schema.js           prints the schema (npm run -s schema)
//   node dist/scripts/schema.js --write   writes dist/provider/plugin/schema.json (npm run build)
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { NPM_PACKAGE, PULUMI_PACKAGE as PACKAGE } from "../provider/core/package-names";
import { SECRET_CONFIG_KEYS } from "../provider/core/settings";
import { RESOURCES } from "../provider/resources";

const ROOT = path.resolve(__dirname, "..", "..");
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  types: string;
};
/**
 * The package's sources: what its entry reaches (package.json's `types`, `dist/<path>.d.ts`, built
 * from `<path>.ts`); every resource's class, args and state types are exported there.
 */
const ENTRY = path.join(ROOT, PACKAGE_JSON.types.replace(/^dist\//, "").replace(/\.d\.ts$/, ".ts"));
/** The folder of the package's sources. */
const SOURCES = path.dirname(ENTRY) + path.sep;

/** A property or type in the schema's JSON form. */
interface SchemaType {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: SchemaType;
  $ref?: string;
  oneOf?: SchemaType[];
  enum?: Array<{ value: string }>;
}
interface SchemaProperty extends SchemaType {
  description?: string;
  secret?: boolean;
  default?: string | number | boolean;
}
interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

const program = ts.createProgram([ENTRY], {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const types: Record<string, ObjectTypeSpec> = {};

/** The one interface or class of the package's sources called `name` (names are unique there). */
function declarationOf(name: string): ts.InterfaceDeclaration | ts.ClassDeclaration {
  const found: Array<ts.InterfaceDeclaration | ts.ClassDeclaration> = [];
  for (const sf of program.getSourceFiles()) {
    if (!path.resolve(sf.fileName).startsWith(SOURCES)) continue;
    for (const st of sf.statements)
      if ((ts.isInterfaceDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) found.push(st);
  }
  if (found.length !== 1)
    throw new Error(`schema: ${found.length} declarations of ${name} in ${SOURCES} (expected one)`);
  return found[0];
}

function docOf(symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const dflt = symbol.getJsDocTags(checker).find((t) => t.name === "defaultValue");
  const value = dflt ? ts.displayPartsToString(dflt.text).trim() : "";
  return value ? `${text}\n\nDefault: ${value}.` : text;
}

function defaultOf(symbol: ts.Symbol): string | number | boolean | undefined {
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === "defaultValue");
  if (tag === undefined) return undefined;
  const raw = ts.displayPartsToString(tag.text).trim().replace(/^`|`$/g, "");
  if (/^".*"$/.test(raw)) return JSON.parse(raw) as string;
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return undefined;
}

/** `pulumi.Input<T>` → `T`, recursively through arrays, at the syntax level (the checker sees a union). */
function unwrapInputNode(node: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if ((name === "pulumi.Input" || name === "Input") && node.typeArguments?.length === 1)
      return unwrapInputNode(node.typeArguments[0]);
  }
  return node;
}

function isNullish(t: ts.Type): boolean {
  return (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) !== 0;
}

function isInputWrapper(t: ts.Type): boolean {
  const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
  return name === "Promise" || name === "OutputInstance" || name === "Output";
}

/** The schema type name of an interface or alias: `GreetingLocaleArgs` → `GreetingLocale`. */
function typeName(t: ts.Type): string | undefined {
  const symbol = t.aliasSymbol ?? t.getSymbol();
  const name = symbol?.getName();
  if (name === undefined || name === "__type" || name === "__object") return undefined;
  return name.replace(/Args$/, "");
}

/** Merges a union of object interfaces (e.g. the two menu item kinds) into one object type. */
function mergedObject(name: string, members: readonly ts.Type[], description: string): SchemaType {
  const ref = `#/types/${PACKAGE}:index:${name}`;
  if (types[`${PACKAGE}:index:${name}`] !== undefined) return { $ref: ref };
  const spec: ObjectTypeSpec = { type: "object", description, properties: {} };
  types[`${PACKAGE}:index:${name}`] = spec;
  const requiredInAll = new Set<string>();
  members.forEach((m, i) => {
    const required = new Set<string>();
    for (const prop of checker.getPropertiesOfType(m)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (decl === undefined) continue;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      if (!optional) required.add(prop.getName());
      if (spec.properties[prop.getName()] === undefined) spec.properties[prop.getName()] = propertyOf(prop, decl);
    }
    if (i === 0) for (const r of required) requiredInAll.add(r);
    else for (const r of [...requiredInAll]) if (!required.has(r)) requiredInAll.delete(r);
  });
  if (requiredInAll.size > 0) spec.required = [...requiredInAll].sort();
  return { $ref: ref };
}

function schemaTypeOf(t: ts.Type): SchemaType {
  const flags = t.flags;
  if (flags & ts.TypeFlags.StringLike) return { type: "string" };
  if (flags & ts.TypeFlags.NumberLike) return { type: "number" };
  if (flags & ts.TypeFlags.BooleanLike) return { type: "boolean" };
  if (t.isUnion()) {
    // `pulumi.Input<T>` nested in a type (e.g. `readonly pulumi.Input<string>[]`) is `T | Promise<T> | OutputInstance<T>`.
    const members = t.types.filter((m) => !isNullish(m) && !isInputWrapper(m));
    if (members.every((m) => m.flags & ts.TypeFlags.BooleanLike)) return { type: "boolean" };
    if (members.every((m) => m.flags & ts.TypeFlags.StringLike)) return { type: "string" };
    if (members.length === 1) return schemaTypeOf(members[0]);
    if (
      members.every((m) => checker.isArrayType(m) || checker.isTupleType(m)) ||
      members.some((m) => m.flags & ts.TypeFlags.StringLike)
    )
      return { oneOf: members.map(schemaTypeOf) };
    const name = typeName(t);
    if (name === undefined) throw new Error(`schema: an anonymous union of objects: ${checker.typeToString(t)}`);
    const alias = t.aliasSymbol;
    return mergedObject(name, members, alias ? docOf(alias) : "");
  }
  if (checker.isArrayType(t)) {
    const [item] = checker.getTypeArguments(t as ts.TypeReference);
    return { type: "array", items: schemaTypeOf(item) };
  }
  if (flags & ts.TypeFlags.Object) {
    const name = typeName(t);
    if (name === undefined) throw new Error(`schema: an anonymous object type: ${checker.typeToString(t)}`);
    const symbol = t.aliasSymbol ?? t.getSymbol();
    return mergedObject(name, [t], symbol ? docOf(symbol) : "");
  }
  throw new Error(`schema: no schema type for ${checker.typeToString(t)}`);
}

function propertyOf(prop: ts.Symbol, decl: ts.Declaration): SchemaProperty {
  let t: ts.Type;
  if ((ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type)
    t = checker.getTypeFromTypeNode(unwrapInputNode(decl.type));
  else t = checker.getTypeOfSymbolAtLocation(prop, decl);
  const out: SchemaProperty = { ...schemaTypeOf(t) };
  const description = docOf(prop);
  if (description) out.description = description;
  return out;
}

/** The properties of an interface (inherited ones included), secrets marked. */
function propertiesOf(
  name: string,
  secrets: readonly string[],
  skip: readonly string[] = [],
): { properties: Record<string, SchemaProperty>; required: string[] } {
  const decl = declarationOf(name);
  const t = checker.getTypeAtLocation(decl);
  const properties: Record<string, SchemaProperty> = {};
  const required: string[] = [];
  for (const prop of checker.getPropertiesOfType(t)) {
    if (skip.includes(prop.getName())) continue;
    const d = prop.valueDeclaration ?? prop.declarations?.[0];
    if (d === undefined) continue;
    const p = propertyOf(prop, d);
    if (secrets.includes(prop.getName())) p.secret = true;
    properties[prop.getName()] = p;
    if ((prop.flags & ts.SymbolFlags.Optional) === 0) required.push(prop.getName());
  }
  return { properties, required };
}

function classDoc(name: string): string {
  const decl = declarationOf(name);
  const symbol = decl.name ? checker.getSymbolAtLocation(decl.name) : undefined;
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : "";
}

/** The provider's configuration: the settings stack config can set (`messenger:<key>`). */
function configVariables(): Record<string, SchemaProperty> {
  const secrets: readonly string[] = SECRET_CONFIG_KEYS;
  const vars: Record<string, SchemaProperty> = { ...propertiesOf("ConnectionConfig", secrets).properties };
  const retry = declarationOf("RetryOptions");
  for (const [key, p] of Object.entries(propertiesOf("RetryOptions", []).properties)) {
    const prop = checker.getPropertiesOfType(checker.getTypeAtLocation(retry)).find((s) => s.getName() === key);
    const dflt = prop ? defaultOf(prop) : undefined;
    vars[key] = { ...p, ...(dflt !== undefined ? { default: dflt } : {}) };
  }
  return vars;
}

/** The package schema. */
export function buildSchema(): Record<string, unknown> {
  const config = configVariables();
  const resources = Object.fromEntries(
    RESOURCES.map((r) => {
      const inputs = propertiesOf(`${r.className}Args`, r.secretProperties);
      const outputs = propertiesOf(r.outputsType, r.secretProperties);
      return [
        `${PACKAGE}:index:${r.name}`,
        {
          description: classDoc(r.className),
          inputProperties: inputs.properties,
          requiredInputs: inputs.required,
          properties: outputs.properties,
          required: outputs.required,
        },
      ];
    }),
  );
  return {
    name: PACKAGE,
    displayName: "Messenger",
    version: PACKAGE_JSON.version,
    description:
      "A Facebook Messenger Page's profile (Get Started, greeting, ice breakers, persistent menu, commands, whitelisted domains, account linking URL) as Pulumi resources.",
    keywords: ["messenger", "facebook", "chatbot", "category/utility"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: {
      description: `The ${PACKAGE} provider: its settings are the stack config keys ${PACKAGE}:*.`,
      inputProperties: config,
    },
    resources,
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1))),
    // supportPack: the Go generator then also writes the SDK's go.mod (module
    // github.com/pulumi-messenger/sdk/go, the folder above importBasePath), which examples/go reaches
    // through a `replace` directive (scripts/build-go-example).
    meta: { supportPack: true },
    language: {
      go: {
        importBasePath: `github.com/${NPM_PACKAGE}/sdk/go/${PACKAGE}`,
        generateResourceContainerTypes: false,
      },
      // The Node SDK (scripts/build-node-sdk) ships inside this package, as its `native` subpath:
      // the name `pulumi import` prints in its TypeScript `import * as messenger from "…"`.
      nodejs: { packageName: `${NPM_PACKAGE}/native` },
    },
  };
}

if (require.main === module) {
  const text = `${JSON.stringify(buildSchema(), null, 2)}\n`;
  if (process.argv.includes("--write")) {
    const out = path.join(ROOT, "dist", "provider", "plugin", "schema.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
  } else process.stdout.write(text);
}
