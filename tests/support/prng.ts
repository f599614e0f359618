/**
 * A small seeded PRNG (mulberry32) so that every "random" choice of the suite (fault placement,
 * token shapes) is reproducible from one seed, printed in the report (reports/reliability.json).
 */

/** The suite's seed: RELIABILITY_SEED, else a fixed default. */
export const SEED = Number.parseInt(process.env.RELIABILITY_SEED ?? "", 10) || 20261125;

/** mulberry32: a 32-bit state PRNG returning floats in [0, 1) (the emulator's own, for its chaos mode). */
export { seededRandom as mulberry32 } from "../../emulator/faults";

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** `n` characters drawn from `alphabet`. */
export function randomString(random: () => number, n: number, alphabet = BASE62): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

/** A hex string of `n` digits. */
export function randomHex(random: () => number, n: number): string {
  return randomString(random, n, HEX);
}
