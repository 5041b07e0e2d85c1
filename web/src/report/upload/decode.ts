/**
 * Bytes of an uploaded CSV to text. Chinese Excel saves "CSV (逗号分隔)" in GBK, "CSV UTF-8"
 * with a BOM; other tools write UTF-8 without one; "Unicode 文本" is UTF-16. A strict UTF-8
 * decode that fails means a legacy Chinese code page: GB18030, the superset of GBK.
 */
export type Decoded = { ok: true; text: string; encoding: 'UTF-8 BOM' | 'UTF-8' | 'UTF-16' | 'GBK' } | { ok: false };

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strict('utf-8', bytes.subarray(3));
    return text === null ? { ok: false } : { ok: true, text, encoding: 'UTF-8 BOM' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const text = strict(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', bytes.subarray(2));
    return text === null ? { ok: false } : { ok: true, text, encoding: 'UTF-16' };
  }
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'UTF-8' };
  const gbk = strict('gb18030', bytes);
  return gbk === null ? { ok: false } : { ok: true, text: gbk, encoding: 'GBK' };
}

function strict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
