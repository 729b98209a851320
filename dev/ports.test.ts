import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortFree, freePort } from './ports';

let occupied: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (occupied ? occupied.close(() => resolve()) : resolve())),
);

describe('assertPortFree', () => {
  it('resolves for a port nobody holds', async () => {
    await expect(
      assertPortFree(await freePort(), '127.0.0.1', 'the app', 'PORT'),
    ).resolves.toBeUndefined();
  });

  it('says which port is taken, by what, and how to choose another', async () => {
    const port = await freePort();
    occupied = createServer();
    await new Promise<void>((resolve) => occupied!.listen(port, '127.0.0.1', resolve));
    await expect(assertPortFree(port, '127.0.0.1', 'the app', 'PORT')).rejects.toThrow(
      `Port ${port} on 127.0.0.1 (the app) is already in use. Stop whatever is using it (lsof -i :${port}) or set PORT to another port.`,
    );
  });
});
