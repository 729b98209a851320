import { createServer } from 'node:net';

/** Resolves when `port` can be bound on `host`; rejects with a message that says what to do. */
export function assertPortFree(
  port: number,
  host: string,
  what: string,
  envName: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} (${what}) is already in use. Stop whatever is using it (lsof -i :${port}) or set ${envName} to another port.`
            : `Cannot listen on ${host}:${port} (${what}): ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
