// Batons identify a stream between HTTP requests. Like sqld's, a baton is
// base64url(stream id (8 bytes) | sequence number (8 bytes) | HMAC-SHA256 of both): unforgeable
// (per-process random key), and single-use because the sequence number moves on every request, so
// a client cannot send two requests on one stream at the same time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PAYLOAD = 16;
const MAC = 32;

export interface BatonPayload {
  streamId: string; // 16 hex chars
  seq: bigint;
}

export class BatonCodec {
  readonly #key = randomBytes(32);

  encode({ streamId, seq }: BatonPayload): string {
    const payload = Buffer.alloc(PAYLOAD);
    Buffer.from(streamId, 'hex').copy(payload, 0);
    payload.writeBigUInt64BE(BigInt.asUintN(64, seq), 8);
    return Buffer.concat([payload, this.#mac(payload)]).toString('base64url');
  }

  /** Returns null for anything this server did not issue. */
  decode(baton: string): BatonPayload | null {
    const data = Buffer.from(baton, 'base64url');
    if (data.length !== PAYLOAD + MAC || data.toString('base64url') !== baton) return null;
    const payload = data.subarray(0, PAYLOAD);
    if (!timingSafeEqual(this.#mac(payload), data.subarray(PAYLOAD))) return null;
    return { streamId: payload.subarray(0, 8).toString('hex'), seq: payload.readBigUInt64BE(8) };
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest();
  }
}

export const newStreamId = (): string => randomBytes(8).toString('hex');
export const newSequence = (): bigint => randomBytes(8).readBigUInt64BE(0);
