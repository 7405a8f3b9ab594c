/**
 * What the fixture build and test steps share: arguments, the package's name, paced work, progress lines and the
 * BATON_FIXTURE_LOG event log. A step mostly waits and hashes a little, because several run at once on small machines.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

/** CPU time spent hashing per slice; the rest of the slice is spent waiting. */
const BUSY_MS = 3;
const SLICE_MS = 20;

/**
 * Runs one step of the package in the current folder: `node <tool> <milliseconds> [flags]`. `perform` does the work
 * and returns the exit code; the log gets a start and an end event around it.
 */
export async function runFixtureStep(tool, flags, perform) {
  const { durationMs, given } = parseArguments(tool, flags, process.argv.slice(2));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const started = performance.now();
  const step = {
    pkg,
    durationMs,
    flags: given,
    say: (message) => process.stdout.write(`[${pkg.name}] ${message}\n`),
    elapsedMs: () => Math.round(performance.now() - started),
    workFor,
  };
  record(pkg.name, 'start');
  try {
    process.exitCode = await perform(step);
  } finally {
    record(pkg.name, 'end');
  }
}

function parseArguments(tool, flags, argv) {
  const [duration, ...rest] = argv;
  const durationMs = Number(duration);
  const unknown = rest.filter((flag) => !flags.includes(flag));
  if (!Number.isInteger(durationMs) || durationMs < 0 || unknown.length > 0) {
    const usage = `node ${tool} <milliseconds>${flags.map((flag) => ` [${flag}]`).join('')}`;
    process.stderr.write(`Usage: ${usage}, got: ${argv.join(' ') || '(no arguments)'}\n`);
    process.exit(2);
  }
  return { durationMs, given: new Set(rest) };
}

/** Hashes `seed` over and over for `ms` milliseconds of wall time, busy for BUSY_MS of every SLICE_MS; returns the digest. */
async function workFor(ms, seed) {
  const deadline = performance.now() + ms;
  let digest = createHash('sha256').update(seed).digest();
  for (let now = performance.now(); now < deadline; now = performance.now()) {
    const busyUntil = Math.min(now + BUSY_MS, deadline);
    while (performance.now() < busyUntil) digest = createHash('sha256').update(digest).update(seed).digest();
    const idle = Math.min(SLICE_MS - BUSY_MS, deadline - performance.now());
    if (idle > 0) await sleep(idle);
  }
  return digest.toString('hex');
}

/** Tests read this log to check build order and that every process ended. */
function record(name, event) {
  const log = process.env.BATON_FIXTURE_LOG;
  if (log) appendFileSync(log, `${JSON.stringify({ package: name, event, time: Date.now(), pid: process.pid })}\n`);
}
