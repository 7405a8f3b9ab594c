import { createServer } from 'node:net';

/**
 * A TCP port on `host` that was free a moment ago: the OS picks it for a throw-away listener.
 * Another process could take it before the caller binds it; on a developer machine or CI runner that window is negligible.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return await listenBriefly(0, host);
}

/** Whether nothing listens on `host:port` right now. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  try {
    await listenBriefly(port, host);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}

function listenBriefly(port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error(`Could not read the port of a listener on ${host}`));
      });
    });
  });
}
