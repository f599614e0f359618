// Placeholder until the harness branch is merged.
import type { PageSeed } from "../../emulator";
import type { BenchEngine } from "./driver";

/** Starts the engine the figures are measured on. */
export function startBenchEngine(_o: {
  pages: readonly PageSeed[];
  log: (line: string) => void;
}): Promise<BenchEngine> {
  return Promise.reject(new Error("the harness is not merged yet"));
}
