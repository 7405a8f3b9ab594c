/**
 * The lanes of a build window: slot `i` holds the package building in it, or undefined when idle. A package keeps
 * its lane until it finishes; a freed lane takes the next package to start. There are `concurrency` lanes, more while
 * a lowered window still has packages running above it.
 */
export type Lanes = readonly (string | undefined)[];

export function assignLanes(previous: Lanes, running: readonly string[], concurrency: number): (string | undefined)[] {
  const stillRunning = new Set(running);
  const lanes = previous.map((key) => (key !== undefined && stillRunning.has(key) ? key : undefined));
  const placed = new Set(lanes);
  for (const key of running) {
    if (placed.has(key)) continue;
    const free = lanes.indexOf(undefined);
    if (free === -1) {
      lanes.push(key);
    } else {
      lanes[free] = key;
    }
    placed.add(key);
  }
  let width = lanes.length;
  while (width > concurrency && lanes[width - 1] === undefined) width--;
  return Array.from({ length: Math.max(width, concurrency) }, (_, lane) => lanes[lane]);
}
