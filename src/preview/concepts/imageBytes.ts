const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The file content for an exported image; refuses anything that is not what it claims to be. */
export function imageBytes(format: 'svg' | 'png', data: string): Uint8Array {
  if (format === 'svg') {
    if (!/^\s*<svg[\s>]/.test(data)) throw new Error('not an SVG document');
    return Buffer.from(data, 'utf8');
  }
  const prefix = 'data:image/png;base64,';
  if (!data.startsWith(prefix)) throw new Error('not a PNG data URL');
  const bytes = Buffer.from(data.slice(prefix.length), 'base64');
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG image');
  return bytes;
}
