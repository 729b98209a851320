// Conversion between Hrana values and what the libsql binding binds / returns. With safeIntegers
// on, libsql hands integers out as bigint and floats as number, so the integer/float distinction
// survives the round trip (a JS number is always bound as REAL, like sqld binds Hrana floats).
import { ProtocolError } from './errors';
import type { Value } from './hrana';

/** Values the libsql binding accepts as parameters. Never pass booleans: the binding aborts. */
export type SqlValue = null | bigint | number | string | Uint8Array;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

export function valueFromHrana(value: Value): SqlValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer': {
      const n = BigInt(value.value);
      if (n < I64_MIN || n > I64_MAX) {
        throw new ProtocolError(`Integer value ${value.value} does not fit in 64 bits`);
      }
      return n;
    }
    case 'float':
      return value.value;
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
  }
}

export function valueToHrana(value: unknown): Value {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof ArrayBuffer) {
    return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { type: 'blob', base64: bytes.toString('base64') };
  }
  throw new Error(`Unexpected value of type ${typeof value} from libsql`);
}
