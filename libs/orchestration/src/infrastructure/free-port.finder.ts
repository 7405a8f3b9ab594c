import { createServer } from 'node:net';

/**
 * A TCP port on `host` that was free a moment ago: the OS picks it for a throw-away listener.
 * Another process could take it before the caller binds it; on a developer machine or CI runner that window is negligible.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error(`Could not read the port of a listener on ${host}`));
      });
    });
  });
}
