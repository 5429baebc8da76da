import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inlineFontStylesheet } from '../../../../src/preview/concepts/exportStyles';
import { imageBytes } from '../../../../src/preview/concepts/imageBytes';

describe('Concepts export files', () => {
  describe('imageBytes', () => {
    it('writes SVG markup as UTF-8, Chinese labels included', () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>神经网络</text></svg>';
      assert.equal(Buffer.from(imageBytes('svg', svg)).toString('utf8'), svg);
    });

    it('decodes a PNG data URL to the PNG bytes', () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      assert.deepEqual(Buffer.from(imageBytes('png', `data:image/png;base64,${png.toString('base64')}`)), png);
    });

    it('refuses what is not the image it claims to be', () => {
      assert.throws(() => imageBytes('svg', '<html><script>alert(1)</script></html>'), /not an SVG/);
      assert.throws(() => imageBytes('png', 'data:text/html;base64,PGgxPg=='), /not a PNG data URL/);
      assert.throws(() => imageBytes('png', `data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`), /not a PNG image/);
    });
  });

  describe('inlineFontStylesheet', () => {
    it('inlines woff2 fonts as data URLs and drops the other formats', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-export-css-'));
      try {
        fs.mkdirSync(path.join(dir, 'fonts'));
        fs.writeFileSync(path.join(dir, 'fonts', 'KaTeX_Main-Regular-ABC.woff2'), Buffer.from([1, 2, 3, 4]));
        const css = [
          '@font-face{font-family:KaTeX_Main;src:url(./fonts/KaTeX_Main-Regular-ABC.woff2) format("woff2"),url(./fonts/KaTeX_Main-Regular-DEF.woff) format("woff"),url(./fonts/KaTeX_Main-Regular-GHI.ttf) format("truetype")}',
          '.katex{font:normal 1.21em KaTeX_Main}',
          '/*# sourceMappingURL=concepts.css.map */',
        ].join('\n');
        fs.writeFileSync(path.join(dir, 'concepts.css'), css);
        const out = await inlineFontStylesheet(path.join(dir, 'concepts.css'));
        assert.match(out, /src:url\(data:font\/woff2;base64,AQIDBA==\) format\("woff2"\)\}/);
        assert.doesNotMatch(out, /\.woff"|\.woff\)|\.ttf/);
        assert.match(out, /\.katex\{font:normal 1\.21em KaTeX_Main\}/);
        assert.doesNotMatch(out, /sourceMappingURL/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
