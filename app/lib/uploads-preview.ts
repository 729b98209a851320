import { decodeSample, normalizeHeaders, parseRecords } from '../../core/csv/sniff';
import type { UploadDialect } from '../../core/contracts/uploads';

/** Enough of the file for the header and the preview rows. */
const PREVIEW_BYTES = 256 * 1024;

/**
 * The header and first rows of a file read with the settings the user chose, in the browser, by
 * the same reader the server uses (core/csv). Used when someone corrects the sniffed encoding,
 * delimiter, quote or header line, so the mapping shows the columns the import will see.
 */
export async function previewWithDialect(
  file: Blob,
  dialect: UploadDialect,
  previewRows = 20,
): Promise<{ headers: string[]; preview: string[][] }> {
  const bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const truncated = file.size > bytes.length;
  const text = decodeSample(bytes, dialect.encoding, { truncated });
  const { records, lineNumbers } = parseRecords(text, dialect, {
    maxRecords: dialect.headerLine + previewRows + 50,
    truncated,
  });
  const headerIndex = lineNumbers.findIndex((line) => line >= dialect.headerLine);
  if (headerIndex === -1) return { headers: [], preview: [] };
  const { headers } = normalizeHeaders(records[headerIndex] ?? []);
  const preview = records
    .slice(headerIndex + 1)
    .filter((record) => !(record.length === 1 && (record[0] ?? '').trim() === ''))
    .slice(0, previewRows);
  return { headers, preview };
}
