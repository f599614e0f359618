/**
 * `npm run demo:linking`: the whole life of a MessengerAccountLinking on the real Pulumi engine, against the
 * embedded Graph API emulator, with no Facebook account, through the harness: `pulumi up` of this
 * repository's root program (examples/basic) in a throwaway stack, the Page's state and the Graph
 * calls, a second `up` that changes nothing, then `pulumi destroy`.
 */
import { DEFAULT_PAGES } from "../emulator";
import { Harness, REPO_ROOT, summarizeCalls, type StepResult } from "../harness";

async function main(): Promise<void> {
  let loud = false;
  const h = await Harness.start({ label: "demo", echo: (text) => loud && process.stdout.write(text) });
  const page = DEFAULT_PAGES[0];
  const show = (when: string) => {
    const url = h.emu.page(page.id)?.accountLinkingUrl;
    console.log(`\n[emulator] ${when}: Page ${page.id} "${page.name}" account_linking_url = ${url ?? "(none)"}`);
  };
  const calls = (r: StepResult) =>
    r.calls.map((c) => `${c.method} ${c.path} -> ${c.status ?? "-"}`).join(", ") || "none";
  try {
    console.log(`[emulator] Graph API emulator on ${h.emu.url}`);
    show("before");
    const stack = await h.newStack({
      program: REPO_ROOT,
      name: `demo-${process.pid}`,
      config: { "messenger:pageAccessToken": { value: page.token, secret: true } },
    });
    const cli = async (args: string[], echo: boolean) => {
      console.log(`\n$ pulumi ${args.join(" ")}`);
      loud = echo;
      try {
        return await stack.cli(args.join(" "), args);
      } finally {
        loud = false;
      }
    };
    const up = await cli(["up", "--yes", "--skip-preview"], true);
    show("after pulumi up");
    console.log(`[emulator] Graph calls during up: ${calls(up)}`);
    const again = await cli(["up", "--yes", "--skip-preview"], false);
    console.log(`[emulator] Graph calls during a second up with nothing changed: ${again.calls.length}`);
    const destroy = await cli(["destroy", "--yes", "--skip-preview"], true);
    show("after pulumi destroy");
    console.log(`[emulator] Graph calls during destroy: ${calls(destroy)} (${summarizeCalls(destroy.calls)})`);
  } finally {
    await h.close();
  }
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
