// Pure colour helpers (no DOM): VS Code's CSS variables come as #rgb, #rrggbb, #rrggbbaa or rgb(a)(),
// and Mermaid's theme engine (khroma) wants opaque colours it can lighten and darken.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export function parseColor(value: string | undefined): Rgba | undefined {
  if (!value) return undefined;
  const text = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(text);
  if (hex) {
    let digits = hex[1];
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((d) => d + d).join('');
    if (digits.length !== 6 && digits.length !== 8) return undefined;
    const n = (i: number) => parseInt(digits.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: digits.length === 8 ? n(6) / 255 : 1 };
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return { r: +rgb[1], g: +rgb[2], b: +rgb[3], a: Math.max(0, Math.min(1, alpha)) };
  }
  return undefined;
}

/** `top` painted over `bottom` at `amount` (0..1, times top's own alpha): always opaque. */
export function mix(top: Rgba, bottom: Rgba, amount = 1): Rgba {
  const t = Math.max(0, Math.min(1, amount * top.a));
  const c = (x: number, y: number) => Math.round(x * t + y * (1 - t));
  return { r: c(top.r, bottom.r), g: c(top.g, bottom.g), b: c(top.b, bottom.b), a: 1 };
}

export function toHex(color: Rgba): string {
  const h = (x: number) => Math.round(Math.max(0, Math.min(255, x))).toString(16).padStart(2, '0');
  return `#${h(color.r)}${h(color.g)}${h(color.b)}`;
}

/** Relative luminance (WCAG), 0 black .. 1 white. */
export function luminance(color: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(color.r) + 0.7152 * lin(color.g) + 0.0722 * lin(color.b);
}
