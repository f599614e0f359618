// The architecture, written down as rules that `npm run lint` checks (dependency-cruiser). Data flows
// one way: a front door (the dynamic class, the provider plugin, the export CLI) drives a resource's
// lifecycle, which runs on what every resource shares (core), which runs on the Graph transport
// (graph). Each rule's comment says why; change a rule only on purpose, in CONTRIBUTING.md too.
//
//   provider/graph/        the Graph transport and its vocabulary: knows no Pulumi, no resource
//   provider/core/         what every resource shares on the Pulumi side: knows no resource, no door
//   provider/<resource>/   one resource, whole: knows graph/ and core/, no other resource, no door
//   provider/resources.ts  the resource table: each resource's definition.ts
//   provider/plugin/, provider/cli/   the doors that do not know resources by type: through the table
//   provider/native/       the TypeScript door to the plugin: the generated Node SDK (sdk/nodejs) and its set-up check
//   emulator/              a fake Graph API: knows nothing of the provider

/** Folders of provider/ that are not resource folders. */
const LAYERS = "graph|core|plugin|cli|native";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No module reaches itself through its imports: each layer stands on the ones below it.",
      from: {},
      to: { circular: true },
    },
    {
      name: "graph-is-the-transport",
      severity: "error",
      comment:
        "provider/graph/ is the Graph transport and its vocabulary: it imports nothing else of provider/ (no core, no resource, no door), so that any resource can use it.",
      from: { path: "^provider/graph/" },
      to: { path: "^provider/", pathNot: "^provider/graph/" },
    },
    {
      name: "graph-knows-no-pulumi",
      severity: "error",
      comment: "provider/graph/ speaks HTTP to Graph: it does not import the Pulumi SDK.",
      from: { path: "^provider/graph/" },
      to: { path: "@pulumi/" },
    },
    {
      name: "core-knows-no-resource",
      severity: "error",
      comment:
        "provider/core/ is what every resource shares: it imports provider/graph/ and nothing above it (no resource folder, no door, not the table or the entry).",
      from: { path: "^provider/core/" },
      to: { path: "^provider/", pathNot: "^provider/(core|graph)/" },
    },
    {
      name: "resources-are-independent",
      severity: "error",
      comment:
        "A resource folder holds one resource whole: it imports provider/graph/, provider/core/ and itself, never another resource folder, a door, the table or the entry. What two resources share goes to core/ (or graph/).",
      from: { path: `^provider/(?!(?:${LAYERS})/)([^/]+)/` },
      to: { path: "^provider/", pathNot: `^provider/($1|graph|core)/` },
    },
    {
      name: "the-table-lists-definitions",
      severity: "error",
      comment: "The resource table (provider/resources.ts) reads each resource through its definition.ts only.",
      from: { path: "^provider/resources\\.ts$" },
      to: { path: `^provider/(?!(?:${LAYERS})/)[^/]+/`, pathNot: "/definition\\.ts$" },
    },
    {
      name: "doors-reach-resources-through-the-table",
      severity: "error",
      comment:
        "The provider plugin and the export CLI know no resource by type: they reach resources only through the resource table (provider/resources.ts) or the package entry, and not each other.",
      from: { path: "^provider/(plugin|cli)/" },
      to: {
        path: "^provider/",
        pathNot: ["^provider/($1|core|graph)/", "^provider/(resources|index)\\.ts$"],
      },
    },
    {
      name: "the-entry-is-not-a-door",
      severity: "error",
      comment: "The package entry (provider/index.ts) exports what programs use: not the plugin, the CLI or the table.",
      from: { path: "^provider/index\\.ts$" },
      to: { path: "^provider/((plugin|cli)/|resources\\.ts$)" },
    },
    {
      name: "the-native-door-is-the-generated-sdk",
      severity: "error",
      comment:
        "provider/native/ serves the Node SDK generated from the plugin's schema: programs reach the lifecycle through the plugin, so it imports nothing of provider/ but core/ (the package's names), no resource, no lifecycle, no other door.",
      from: { path: "^provider/native/" },
      to: { path: "^provider/", pathNot: "^provider/(native|core)/" },
    },
    {
      name: "emulator-stands-alone",
      severity: "error",
      comment:
        "The emulator is a fake Graph API: it shares no code with the provider, so that a provider bug cannot hide behind the same bug in the emulator.",
      from: { path: "^emulator/" },
      to: { path: "^provider/" },
    },
    {
      name: "shipped-code-uses-runtime-dependencies",
      severity: "error",
      comment: "What the package ships (provider/, emulator/) imports only its dependencies, never a devDependency.",
      from: { path: "^(provider|emulator)/" },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "shipped-code-is-self-contained",
      severity: "error",
      comment:
        "What the package ships (provider/, emulator/) imports nothing of the tests, benchmarks, harness or scripts.",
      from: { path: "^(provider|emulator)/" },
      to: { path: "^(tests|bench|harness|scripts|examples)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules|\\.work|sdk)/" },
    tsConfig: { fileName: "tsconfig.test.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "default", "types"] },
  },
};
