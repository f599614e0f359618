/**
 * The Pulumi harness of this repository: the demo, the end-to-end tests and the benchmarks drive
 * Pulumi programs only through it.
 *
 * - {@link Harness}: the engine, an in-process Graph API emulator, a throwaway `file://` backend;
 * - {@link HarnessStack}: a stack of any program (any folder, any runtime), whose every step
 *   (preview, up, refresh, import, destroy through the Automation API, or any CLI command) reports
 *   the Graph calls it made;
 * - {@link startProgramTest}: a program, its config and a sequence of edits and steps, each stating
 *   the Graph calls it must make (Pulumi's ProgramTest with EditDirs);
 * - {@link buildConsumerProject}: the package installed from its `npm pack` tarball;
 * - {@link FAST_RETRY}: the one fast-retry preset.
 *
 * @packageDocumentation
 */
export * from "./backend";
export * from "./calls";
export * from "./consumer";
export * from "./engine";
export * from "./harness";
export * from "./program";
export * from "./program-test";
export * from "./retry";
export * from "./stack";
