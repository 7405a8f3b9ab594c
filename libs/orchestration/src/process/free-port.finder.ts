import { createServer, type Server } from 'node:net';

/**
 * A TCP port on `host` that was free a moment ago: the OS picks it for a throw-away listener.
 * Another process could take it before the caller binds it; on a developer machine or CI runner that window is negligible.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return (await findFreePorts(1, host))[0];
}

/**
 * `count` distinct free ports: the throw-away listeners are all open at once, so the OS cannot hand the same port out
 * twice (one after another, a port just closed can come back at once).
 */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listening(0, host)));
  return Promise.all(servers.map(close));
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

async function listenBriefly(port: number, host: string): Promise<number> {
  return close(await listening(port, host));
}

function listening(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Closes a listener and resolves with the port it held. */
function close(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const address = server.address();
    server.close(() => {
      if (address !== null && typeof address === 'object') resolve(address.port);
      else reject(new Error('Could not read the port of a throw-away listener'));
    });
  });
}
