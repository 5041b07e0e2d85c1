/**
 * Text → GBK bytes, for a CSV older Excel/WPS set-ups open without a wizard. Browsers decode GBK
 * (TextDecoder, the WHATWG table) but do not encode it, so the reverse table is built once from
 * that decoder: every two-byte code is decoded and the character mapped back. No library, and
 * exactly the table the upload reader uses to read GBK files back (report/upload).
 */
let table: Map<string, number> | null = null;

function reverseTable(): Map<string, number> {
  if (table) return table;
  const dec = new TextDecoder('gbk', { fatal: true });
  const map = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let ch: string;
      try {
        ch = dec.decode(pair);
      } catch {
        continue; // not a GBK code
      }
      if (ch.length === 1 && !map.has(ch)) map.set(ch, (lead << 8) | trail);
    }
  }
  table = map;
  return map;
}

/** Characters GBK cannot hold (emoji, rare CJK beyond GBK) become "?", as Excel's own "Save as" does. */
export function encodeGbk(text: string): Uint8Array<ArrayBuffer> {
  const rev = reverseTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = rev.get(ch);
      if (code === undefined) out.push(0x3f);
      else out.push(code >> 8, code & 0xff);
    }
  }
  return Uint8Array.from(out);
}
