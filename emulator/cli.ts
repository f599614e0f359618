#!/usr/bin/env node
/**
 * `messenger-graph-emulator`: runs the Graph API emulator until interrupted.
 *
 *     messenger-graph-emulator [--port 8080] [--host 127.0.0.1] [--pages pages.json]
 *                              [--rate-limit-calls 10] [--rate-limit-window-ms 600000]
 *
 * Prints the URL and the demo Pages (ids and names; tokens are fake and listed only with --show-tokens).
 * Control API: GET /__emulator/pages, PUT /__emulator/pages/{id} {"accountLinkingUrl":…},
 * POST|DELETE /__emulator/faults, GET|DELETE /__emulator/requests, POST /__emulator/rate-limit.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import { startEmulator } from "./server";
import type { PageSeed } from "./pages";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    process.stdout.write(
      "usage: messenger-graph-emulator [--port N] [--host H] [--pages file.json] [--rate-limit-calls N] [--rate-limit-window-ms MS] [--show-tokens]\n",
    );
    return;
  }
  const pagesFile = arg("pages");
  const pages = pagesFile ? (JSON.parse(fs.readFileSync(pagesFile, "utf8")) as PageSeed[]) : undefined;
  const calls = arg("rate-limit-calls");
  const windowMs = arg("rate-limit-window-ms");
  const emu = await startEmulator({
    port: Number(arg("port") ?? 0),
    host: arg("host") ?? "127.0.0.1",
    pages,
    rateLimit: { ...(calls ? { calls: Number(calls) } : {}), ...(windowMs ? { windowMs: Number(windowMs) } : {}) },
  });
  const show = process.argv.includes("--show-tokens");
  process.stdout.write(`Graph API emulator listening on ${emu.url}\n`);
  for (const p of emu.pages()) {
    const seed = (pages ?? (await import("./pages")).DEFAULT_PAGES).find((s) => s.id === p.id);
    process.stdout.write(`  Page ${p.id} "${p.name}"${show && seed ? ` token ${seed.token}` : ""}\n`);
  }
  const stop = () => void emu.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
