/**
 * Event ids are made on the device, so a resend is recognised as the same report.
 * crypto.randomUUID exists only in secure contexts (HTTPS, localhost); an office LAN
 * served over plain HTTP has getRandomValues only, so the UUID v4 is built from it.
 */
export function newEventId(prefix = 'web'): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${prefix}-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
