#!/usr/bin/env node
/**
 * The provider plugin's entry point, `pulumi-resource-messenger` (the launcher script in `bin/`
 * runs it with Node): serves `pulumirpc.ResourceProvider` on a loopback port and prints the port,
 * which is how the engine connects. The engine's address (first argument) is not needed: the plugin
 * logs nothing through the engine.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GRPC_SERVER_OPTIONS, resourceProviderService } from "./server";

/** The package root: `dist/provider/plugin` is three levels below it. */
const ROOT = path.resolve(__dirname, "..", "..", "..");

async function main(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const schema = fs.readFileSync(path.join(__dirname, "schema.json"), "utf8");
  const server = new grpc.Server(GRPC_SERVER_OPTIONS);
  server.addService(provrpc.ResourceProviderService, resourceProviderService({ version: pkg.version, schema }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`pulumi-resource-messenger: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
