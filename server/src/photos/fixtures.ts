/**
 * Hand-built image files for tests: structurally what a camera writes (JPEG with an Exif
 * APP1 holding GPS tags, PNG with eXIf and tEXt, WebP VP8X with EXIF and XMP), so the
 * judge's signature checks and metadata cutting are tested on the shapes met in the field.
 * The pixel data is filler: the server never decodes pixels.
 */

/** A minimal Exif block (TIFF header, IFD0 with a GPS IFD pointer, a GPS IFD with latitude): what a phone camera writes. */
export function exifWithGps(): Buffer {
  const tiff = Buffer.alloc(64);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // IFD0 at 8
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x8825, 10); // GPSInfo
  tiff.writeUInt16LE(4, 12); // LONG
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18); // GPS IFD at 26
  tiff.writeUInt32LE(0, 22);
  tiff.writeUInt16LE(1, 26);
  tiff.writeUInt16LE(0x0001, 28); // GPSLatitudeRef
  tiff.writeUInt16LE(2, 30); // ASCII
  tiff.writeUInt32LE(2, 32);
  tiff.write('N\0', 34, 'latin1');
  tiff.write('GPS 31.2989N 121.5130E', 40, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

const seg = (marker: number, data: Buffer): Buffer => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};

export function fakeJpeg(o: { width?: number; height?: number; exif?: boolean; tail?: string; seed?: number } = {}): Buffer {
  const { width = 1200, height = 900, exif = true } = o;
  const sof = Buffer.from([8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  const scan = Buffer.alloc(256, (o.seed ?? 7) & 0xff);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(exif ? [seg(0xe1, exifWithGps()), seg(0xfe, Buffer.from('shot at 五角场 by 张三'))] : []),
    seg(0xdb, Buffer.alloc(65, 1)),
    seg(0xc0, sof),
    seg(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
    Buffer.from(o.tail ?? '', 'utf8'),
  ]);
}

const chunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRC not checked by the judge
};

export function fakePng(o: { width?: number; height?: number; exif?: boolean } = {}): Buffer {
  const { width = 800, height = 600, exif = true } = o;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(exif ? [chunk('eXIf', exifWithGps().subarray(6)), chunk('tEXt', Buffer.from('Comment\0GPS 31.2989N', 'latin1'))] : []),
    chunk('IDAT', Buffer.alloc(100, 3)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const riffChunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};

export function fakeWebp(o: { width?: number; height?: number; exif?: boolean } = {}): Buffer {
  const { width = 640, height = 480, exif = true } = o;
  const vp8x = Buffer.alloc(10);
  vp8x[0] = exif ? 0x08 | 0x04 : 0;
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const vp8 = Buffer.alloc(30, 5);
  vp8.set([0x9d, 0x01, 0x2a], 3);
  vp8.writeUInt16LE(width, 6);
  vp8.writeUInt16LE(height, 8);
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    riffChunk('VP8 ', vp8),
    ...(exif ? [riffChunk('EXIF', exifWithGps().subarray(6)), riffChunk('XMP ', Buffer.from('<x:xmpmeta>GPS 31.2989N</x:xmpmeta>'))] : []),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/** Does anything that can carry a location survive? (Exif header, PNG eXIf, WebP EXIF/XMP, the GPS text the fixtures plant.) */
export function carriesLocation(b: Buffer): boolean {
  const s = b.toString('latin1');
  return s.includes('Exif\0\0') || s.includes('eXIf') || s.includes('GPS') || (s.slice(8, 12) === 'WEBP' && (s.includes('EXIF') || s.includes('XMP ')));
}
